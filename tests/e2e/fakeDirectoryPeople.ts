/**
 * The organisation's people in a Graph faked with nock, for audiences by directory attributes:
 * `/users?$filter=…` answered from a table of people with their department, country…, as Graph
 * does — `eq` without regard to case, `$count=true` giving `@odata.count`, pages of `pageSize`
 * linked by `@odata.nextLink` — alone or inside `$batch`. Every request must be an advanced
 * query (`ConsistencyLevel: eventual`).
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import type { DirectoryAttribute } from '../../src/domain/directoryAttributes.js';
import type { Member } from '../support/standInConnector.js';

const GRAPH = 'https://graph.microsoft.com';

export type Person = Member & Partial<Record<DirectoryAttribute, string>> & { disabled?: true };

export interface PeopleLog {
  /** The `$filter` of each count asked (alone or in a batch), in order. */
  counts: string[];
  /** Each page of people read (not a count), its URL as asked. */
  pages: string[];
}

export function fakeDirectoryPeople(people: Person[], pageSize: number): PeopleLog {
  const log: PeopleLog = { counts: [], pages: [] };
  const graph = nock(GRAPH).persist();
  graph.post('/v1.0/$batch').reply(200, (_uri, body) => {
    const { requests } = body as {
      requests: Array<{ id: string; url: string; headers: Record<string, string> }>;
    };
    return {
      responses: requests.map((r) => {
        assert.equal(r.headers['ConsistencyLevel'], 'eventual');
        return { id: r.id, status: 200, body: answer(r.url) };
      }),
    };
  });
  graph
    .get('/v1.0/users')
    .query(true)
    .reply(function (uri) {
      assert.equal(this.req.headers['consistencylevel'], 'eventual');
      return [200, answer(uri.replace('/v1.0', ''))];
    });
  return log;

  function answer(url: string) {
    const params = new URL(url, GRAPH).searchParams;
    assert.equal(params.get('$count'), 'true');
    const found = people.filter(matches(params.get('$filter') ?? ''));
    if (params.get('$top') === '1') {
      log.counts.push(params.get('$filter')!);
      return {
        '@odata.count': found.length,
        value: found.slice(0, 1).map((p) => ({ id: p.aadObjectId })),
      };
    }
    log.pages.push(url);
    const from = Number(params.get('$skiptoken') ?? 0);
    const next = new URL(`${GRAPH}/v1.0${url}`);
    next.searchParams.set('$skiptoken', String(from + pageSize));
    return {
      '@odata.count': found.length,
      ...(from + pageSize < found.length ? { '@odata.nextLink': next.toString() } : {}),
      value: found.slice(from, from + pageSize).map((p) => ({
        id: p.aadObjectId,
        mail: p.email,
        userPrincipalName: p.email,
        givenName: p.givenName,
        surname: p.surname,
        displayName: p.name,
      })),
    };
  }
}

/**
 * Who a filter of the form the bot sends finds: enabled accounts, any value of each attribute
 * named (`eq` compares without case), every attribute named.
 */
function matches(filter: string): (person: Person) => boolean {
  assert.match(filter, /^accountEnabled eq true( and |$)/);
  const wanted = new Map<string, string[]>();
  for (const [, attribute, literal] of filter.matchAll(/(\w+) eq '((?:[^']|'')*)'/g)) {
    const values = wanted.get(attribute!) ?? [];
    values.push(literal!.replace(/''/g, "'").toLowerCase());
    wanted.set(attribute!, values);
  }
  return (person) =>
    person.disabled === undefined &&
    [...wanted].every(([attribute, values]) =>
      values.includes((person[attribute as DirectoryAttribute] ?? '').toLowerCase()),
    );
}
