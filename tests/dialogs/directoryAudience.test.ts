/**
 * Choosing a directory audience in the campaign form (Skype: by text; Teams: a card): a group
 * found by part of its name, or everyone; the size estimate is shown when chosen, and the
 * campaign refers to the audience like to a list.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { audienceCard } from '../../dialogs/campaignForm/formCards.js';
import { cardOf, openFormChat, textOf, type FormChat, type FormWorld } from './campaignFormChat.js';
import { graphDirectory, nockGroupSearch } from '../directory/fakeDirectory.js';

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
    searches.length = 0;
    nock.disableNetConnect();
    nockGroupSearch(searches);
    ({ world, chat } = openFormChat('skype', { directory: graphDirectory() }));
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
      'People by department, country or office:attributes',
      'Cancel:undefined',
    ]);
    assert.deepEqual(titles(false), [
      'Use this list:useList',
      'Create a new mailing list:newList',
      'Cancel:undefined',
    ]);
  });
});

describe('campaign form in Teams: the directory audience card', () => {
  let world: FormWorld;
  let chat: FormChat;
  const searches: string[] = [];
  const search = (text: string) => ({
    value: { card: 'directoryAudience', choice: 'search', search: text },
  });

  beforeEach(async () => {
    searches.length = 0;
    nock.disableNetConnect();
    nockGroupSearch(searches);
    ({ world, chat } = openFormChat('msteams', { directory: graphDirectory() }));
    await chat.say('new campaign');
    await chat.say({
      value: {
        card: 'campaignBasics',
        name: 'Spring sale',
        message: 'Hi {{firstName}}!',
        channel: 'teams',
      },
    });
  });

  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await world.store.close();
  });

  it('searches in a text box, offers the groups found as choices, and uses the one picked', async () => {
    const empty = cardOf(
      await chat.say({ value: { card: 'campaignAudience', choice: 'directory' } }),
    );
    assert.equal(empty.card, 'directoryAudience');
    assert.deepEqual(empty.inputs, { search: '' });
    assert.deepEqual(empty.choices, {});

    const found = cardOf(await chat.say(search('sal')));
    assert.deepEqual(found.inputs.search, 'sal', 'the search is kept');
    assert.deepEqual(found.choices, { groupId: ['g-sales', 'g-sales-eu'] });
    assert.deepEqual(searches, ['"displayName:sal"']);

    const replies = await chat.say({
      value: { card: 'directoryAudience', choice: 'pick', search: 'sal', groupId: 'g-sales' },
    });
    assert.match(textOf(replies), /“Group: Sales”: about 2,500 people/);
    assert.equal(cardOf(replies).card, 'campaignSchedule');
    assert.deepEqual((await world.store.lists.get('directory-group:g-sales'))?.directoryAudience, {
      kind: 'Microsoft 365 group',
      estimatedSize: 2500,
    });
  });

  it('says what was wrong and shows the card again, the search kept', async () => {
    await chat.say({ value: { card: 'campaignAudience', choice: 'directory' } });

    const tooShort = cardOf(await chat.say(search('s')));
    assert.equal(tooShort.card, 'directoryAudience');
    assert.ok(tooShort.texts.some((t) => /at least 2 characters/.test(t)));
    assert.equal(tooShort.inputs.search, 's');

    const none = cardOf(await chat.say(search('xyz')));
    assert.ok(none.texts.some((t) => t === "No group's name contains “xyz”."));
    assert.equal(none.inputs.search, 'xyz');
    assert.deepEqual(none.choices, {});

    await chat.say(search('sal'));
    const unpicked = cardOf(
      await chat.say({ value: { card: 'directoryAudience', choice: 'pick', search: 'sal' } }),
    );
    assert.ok(unpicked.texts.some((t) => /Choose one of the groups found/.test(t)));
    assert.deepEqual(unpicked.choices, { groupId: ['g-sales', 'g-sales-eu'] });
  });

  it('takes a typed text as a search, and the button for everyone', async () => {
    await chat.say({ value: { card: 'campaignAudience', choice: 'directory' } });
    const typed = cardOf(await chat.say('sales'));
    assert.deepEqual(typed.choices, { groupId: ['g-sales', 'g-sales-eu'] });

    const replies = await chat.say({
      value: { card: 'directoryAudience', choice: 'everyone', search: 'sales' },
    });
    assert.match(textOf(replies), /“Everyone in the organisation”: about 12,345 people/);
    assert.equal(cardOf(replies).card, 'campaignSchedule');
  });
});
