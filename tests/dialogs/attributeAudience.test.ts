/**
 * Choosing people by department, country or office in the campaign form on Teams, where Graph
 * answers or refuses to count them (the end-to-end test, tests/e2e/attributeAudience.test.ts,
 * covers both channels against a directory of people).
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { cardOf, openFormChat, textOf, type FormChat, type FormWorld } from './campaignFormChat.js';
import { GRAPH, graphDirectory, nockGraphToken } from '../directory/fakeDirectory.js';

interface BatchRequest {
  id: string;
  url: string;
}

/** Graph answering each count of a `$batch` with `answer` (status and `@odata.count`). */
function nockCounts(answer: (filter: string) => [number, number?], filters: string[] = []): void {
  nockGraphToken();
  nock(GRAPH)
    .post('/v1.0/$batch')
    .reply(200, (_uri, body) => ({
      responses: (body as { requests: BatchRequest[] }).requests.map((r) => {
        const filter = new URL(r.url, GRAPH).searchParams.get('$filter')!;
        filters.push(filter);
        const [status, count] = answer(filter);
        return {
          id: r.id,
          status,
          body:
            status === 200
              ? { '@odata.count': count, value: [] }
              : {
                  error: {
                    code: 'Authorization_RequestDenied',
                    message: 'Insufficient privileges',
                  },
                },
        };
      }),
    }))
    .persist();
}

describe('campaign form in Teams: people by department, country or office', () => {
  let world: FormWorld;
  let chat: FormChat;

  beforeEach(async () => {
    nock.disableNetConnect();
    ({ world, chat } = openFormChat('msteams', { directory: graphDirectory() }));
    await chat.say('new campaign');
    await chat.say({
      value: { card: 'campaignBasics', name: 'Spring sale', message: 'Hi!', channel: 'teams' },
    });
  });

  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await world.store.close();
  });

  it('takes the rule typed instead of filled in, and saves it as a list named by it', async () => {
    const filters: string[] = [];
    nockCounts(() => [200, 42], filters);
    await chat.say({ value: { card: 'campaignAudience', choice: 'attributes' } });

    const replies = await chat.say("company: O'Reilly; job title: Editor, Author");
    assert.match(
      textOf(replies),
      /“People: job title Editor or Author, and company O'Reilly”: about 42 people/,
    );
    assert.equal(cardOf(replies).card, 'campaignSchedule');
    assert.equal(
      filters[0],
      "accountEnabled eq true and (jobTitle eq 'Editor' or jobTitle eq 'Author') and companyName eq 'O''Reilly'",
    );
    const [list] = await world.store.lists.list('default');
    assert.match(list!.id, /^directory-attributes:default:jobTitle=Editor,Author;companyName=/);
    assert.deepEqual(list!.directoryAudience, {
      kind: 'people by department, country or office',
      estimatedSize: 42,
    });
  });

  it('saves a rule Graph refuses to count with its size unknown, and says which permission is missing', async () => {
    nockCounts(() => [403]);
    await chat.say({ value: { card: 'campaignAudience', choice: 'attributes' } });

    const replies = await chat.say({
      value: { card: 'attributeAudience', choice: 'use', country: 'Germany' },
    });
    const said = textOf(replies);
    assert.match(said, /“People: country Germany”: size unknown right now, its values not checked/);
    assert.match(
      said,
      /refused to count the organisation's users by department, country or office \(403 Forbidden\)/,
    );
    assert.match(said, /User\.Read\.All/);
    assert.equal(cardOf(replies).card, 'campaignSchedule');
  });

  it('asks again, the inputs kept, when no attribute is filled in', async () => {
    await chat.say({ value: { card: 'campaignAudience', choice: 'attributes' } });
    const again = cardOf(
      await chat.say({
        value: { card: 'attributeAudience', choice: 'use', department: ' ', jobTitle: '' },
      }),
    );
    assert.equal(again.card, 'attributeAudience');
    assert.ok(again.texts.some((t) => /That cannot be used: no attribute was given/.test(t)));
  });
});
