/**
 * Choosing a directory audience in the campaign form (Skype: by text): a group found by part
 * of its name, or everyone; the size estimate is shown when chosen, and the campaign refers to
 * the audience like to a list.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { audienceCard } from '../../dialogs/campaignForm/formCards.js';
import { FormChat, openWorld, textOf, type FormWorld } from './campaignFormChat.js';
import { GRAPH, graphDirectory, nockGraphToken } from '../directory/fakeDirectory.js';

const TO_THE_LIST: string[] = ['Spring sale', 'Hi {{firstName}}!', 'Skype'];

function said(replies: Awaited<ReturnType<FormChat['say']>>): string {
  const actions = replies.flatMap((reply) => reply.suggestedActions?.actions ?? []);
  return [textOf(replies), ...actions.map((action) => String(action.title))].join('\n');
}

describe('campaign form: an audience from the directory', () => {
  let world: FormWorld;
  let chat: FormChat;
  const searches: string[] = [];

  beforeEach(async () => {
    nock.disableNetConnect();
    nockGraphToken();
    searches.length = 0;
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
    world = openWorld();
    world.deps.directory = graphDirectory();
    chat = new FormChat(world, 'skype', { mode: 'create' });
    await chat.say('new campaign');
    for (const answer of TO_THE_LIST) await chat.say(answer);
  });

  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await world.store.close();
  });

  it('finds a group by part of its name, shows its size, and uses it as the audience', async () => {
    assert.match(
      said(await chat.say('A directory group or everyone')),
      /Type part of the group's name/,
    );
    assert.match(
      said(await chat.say('xyz')),
      /No group's name contains “xyz”\.\n.*Type part of the group's name/s,
    );
    const choices = said(await chat.say('sal'));
    assert.match(choices, /Which group\?/);
    assert.match(choices, /Sales \(Microsoft 365 group\)/);
    assert.match(choices, /Sales EU \(distribution list\)/);
    assert.deepEqual(searches, ['"displayName:xyz"', '"displayName:sal"']);

    const next = said(await chat.say('Sales (Microsoft 365 group)'));
    assert.match(
      next,
      /“Group: Sales”: about 2,500 people \(members of Sales \(Microsoft 365 group\), nested groups included\)\. The members are read when the campaign starts\./,
    );
    assert.match(next, /On which day does the campaign start\?/);
    const list = await world.store.lists.get('directory-group:g-sales');
    assert.deepEqual([list?.name, list?.emails], ['Group: Sales', []]);
    assert.deepEqual(list?.directoryAudience, {
      kind: 'Microsoft 365 group',
      estimatedSize: 2500,
    });
  });

  it('takes “everyone” for every enabled member account', async () => {
    await chat.say('A directory group or everyone');
    const next = said(await chat.say('everyone'));
    assert.match(
      next,
      /“Everyone in the organisation”: about 12,345 people \(enabled member accounts\)\./,
    );
    assert.match(next, /On which day does the campaign start\?/);
  });
});

describe('audience card', () => {
  const titles = (directory: boolean) =>
    (
      audienceCard([{ id: 'all-users', name: 'All reachable users' }], 'all-users', {
        title: 'New campaign: Recipients',
        submitTitle: 'Use this list',
        directory,
      }).content as { actions: Array<{ title: string; data?: { choice?: string } }> }
    ).actions.map((a) => `${a.title}:${a.data?.choice}`);

  it('offers the directory only when Graph is configured', () => {
    assert.deepEqual(titles(true), [
      'Use this list:useList',
      'Create a new mailing list:newList',
      'A directory group or everyone:directory',
      'Cancel:undefined',
    ]);
    assert.deepEqual(titles(false), [
      'Use this list:useList',
      'Create a new mailing list:newList',
      'Cancel:undefined',
    ]);
  });
});
