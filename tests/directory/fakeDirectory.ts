/** A directory behind nock: Graph answering address lookups from a fixed table of users. */
import assert from 'node:assert/strict';
import nock from 'nock';
import { GraphDirectory } from '../../src/directory/GraphDirectory.js';
import { GraphClient } from '../../src/graph/GraphClient.js';
import { GraphTokenSource } from '../../src/graph/GraphTokenSource.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import { silentLogger } from '../../src/logger.js';
import { createGraphLimiters } from '../../src/ratelimit/channelLimits.js';
import type { Sleep } from '../../src/ratelimit/sleep.js';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const GRAPH = 'https://graph.microsoft.com';

export interface DirectoryEntry {
  id: string;
  mail: string;
  givenName: string;
  department?: string;
  country?: string;
  officeLocation?: string;
}

export function graphDirectory(sleep?: Sleep): GraphDirectory {
  return new GraphDirectory(
    new GraphClient({
      cloud: GLOBAL_CLOUD,
      tokens: new GraphTokenSource(
        { tenantId: TENANT, clientId: 'c', clientSecret: 's' },
        GLOBAL_CLOUD,
      ),
      limiters: createGraphLimiters(),
      logger: silentLogger,
      ...(sleep ? { sleep } : {}),
    }),
  );
}

export function nockGraphToken(): void {
  nock('https://login.microsoftonline.com')
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 't' })
    .persist();
}

/** Graph finds the user an address names (by mail, UPN or proxy address) in `users`. */
export function nockAddressLookups(
  users: Record<string, DirectoryEntry>,
  filters: string[] = [],
): void {
  nockGraphToken();
  nock(GRAPH)
    .post('/v1.0/$batch')
    .reply(200, (_uri, body) => {
      const { requests } = body as {
        requests: Array<{ id: string; url: string; headers: Record<string, string> }>;
      };
      return { responses: requests.map((r) => ({ id: r.id, status: 200, body: lookup(r) })) };
    })
    .persist();
  nock(GRAPH)
    .get('/v1.0/users')
    .query(true)
    .reply(function (uri) {
      return [
        200,
        lookup({
          url: uri.replace('/v1.0', ''),
          headers: this.req.headers as Record<string, string>,
        }),
      ];
    })
    .persist();

  function lookup(request: { url: string; headers: Record<string, string> }) {
    const consistency = request.headers.ConsistencyLevel ?? request.headers.consistencylevel;
    assert.equal(consistency, 'eventual');
    const filter = new URL(request.url, GRAPH).searchParams.get('$filter')!;
    filters.push(filter);
    const address = /^mail eq '([^']+)'/.exec(filter)![1]!;
    const user = users[address];
    return { value: user ? [user] : [] };
  }
}

/** Graph's token, a group search finding “Sales” and “Sales EU” for “sal”, and sizes. */
export function nockGroupSearch(searches: string[] = []): void {
  nockGraphToken();
  nock(GRAPH)
    .get('/v1.0/groups')
    .query(true)
    .reply(function (uri) {
      assert.equal(this.req.headers.consistencylevel, 'eventual');
      const search = new URL(uri, GRAPH).searchParams.get('$search')!;
      searches.push(search);
      const value = search.includes('sal')
        ? [
            {
              id: 'g-sales',
              displayName: 'Sales',
              groupTypes: ['Unified'],
              mailEnabled: true,
              securityEnabled: false,
            },
            {
              id: 'g-sales-eu',
              displayName: 'Sales EU',
              groupTypes: [],
              mailEnabled: true,
              securityEnabled: false,
            },
          ]
        : [];
      return [200, { value }];
    })
    .persist();
  nock(GRAPH)
    .get('/v1.0/groups/g-sales/transitiveMembers/microsoft.graph.user/$count')
    .reply(200, '2500', { 'content-type': 'text/plain' });
  nock(GRAPH)
    .get('/v1.0/users/$count')
    .query({ $filter: "accountEnabled eq true and userType eq 'Member'" })
    .reply(200, '12345', { 'content-type': 'text/plain' });
}
