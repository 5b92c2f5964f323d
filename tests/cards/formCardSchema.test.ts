/**
 * Every card of the campaign form (the directory audience card included) and of the choice
 * questions, as the bot sends them in a Teams chat, against the Adaptive Cards 1.5 schema (a `"value": null` duration used to be refused).
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import nock from 'nock';
import { Chat } from '../dialogs/harness.js';
import { openFormChat } from '../dialogs/campaignFormChat.js';
import { graphDirectory, nockGroupSearch } from '../directory/fakeDirectory.js';
import { aCampaign } from '../store/fixtures.js';
import { assertValidAdaptiveCard } from '../support/adaptiveCardSchema.js';

function cardsOf(replies: Partial<Activity>[]): unknown[] {
  return replies.flatMap((reply) => reply.attachments ?? []).map((a) => a.content as unknown);
}

describe('form and question cards against the Adaptive Cards 1.5 schema', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  it('the basics, audience, schedule (empty, then filled) and summary cards', async () => {
    const chat = new Chat(store);
    const seen: unknown[] = [];
    const turn = async (input: Parameters<Chat['say']>[0]) => {
      seen.push(...cardsOf(await chat.say(input)));
    };
    await turn('new campaign');
    await turn({
      value: { card: 'campaignBasics', name: 'Autumn', message: 'Hi', channel: 'teams' },
    });
    await turn({ value: { card: 'campaignAudience', choice: 'useList', listId: 'all-users' } });
    const schedule = {
      card: 'campaignSchedule',
      startDate: '2025-01-06',
      durationDays: '3',
      open: '09:00',
      close: '18:00',
      weekdays: '1,2,3,4,5',
      presencePolicy: 'available',
    };
    // A wrong answer: the schedule card comes back filled in, duration included.
    await turn({ value: { ...schedule, timeZone: 'EST' } });
    await turn({ value: { ...schedule, timeZone: 'Europe/Paris' } });
    assert.equal(seen.length, 5, 'basics, audience, schedule twice, summary');
    seen.forEach((card, i) => assertValidAdaptiveCard(card, `form card ${i + 1}`));
  });

  it('the delete question with its Yes / No buttons', async () => {
    await store.campaigns.create(aCampaign({ id: 'c-1', name: 'Spring Sale', status: 'draft' }));
    const chat = new Chat(store);
    const [card] = cardsOf(await chat.say('delete Spring Sale'));
    assertValidAdaptiveCard(card, 'delete question');
    const [again] = cardsOf(await chat.say('not sure'));
    assertValidAdaptiveCard(again, 'delete question asked again');
  });
});

describe('the directory audience card against the Adaptive Cards 1.5 schema', () => {
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('empty, with the groups found, and saying what was wrong', async () => {
    nock.disableNetConnect();
    nockGroupSearch();
    const { world, chat } = openFormChat('msteams', { directory: graphDirectory() });
    try {
      await chat.say('new campaign');
      await chat.say({
        value: { card: 'campaignBasics', name: 'Autumn', message: 'Hi', channel: 'teams' },
      });
      const directory = (value: Record<string, unknown>) =>
        chat.say({ value: { card: 'directoryAudience', ...value } });
      const seen = [
        ...cardsOf(await chat.say({ value: { card: 'campaignAudience', choice: 'directory' } })),
        ...cardsOf(await directory({ choice: 'search', search: 'sal' })),
        ...cardsOf(await directory({ choice: 'pick', search: 'sal' })),
        ...cardsOf(await directory({ choice: 'search', search: 'x' })),
      ];
      assert.equal(seen.length, 4);
      seen.forEach((card, i) => assertValidAdaptiveCard(card, `directory audience card ${i + 1}`));
    } finally {
      await world.store.close();
    }
  });
});

describe('the attribute audience card against the Adaptive Cards 1.5 schema', () => {
  it('the audience card offering it, then it empty, and kept with what was wrong', async () => {
    const { world, chat } = openFormChat('msteams', { directory: graphDirectory() });
    try {
      await chat.say('new campaign');
      const seen = [
        ...cardsOf(
          await chat.say({
            value: { card: 'campaignBasics', name: 'Autumn', message: 'Hi', channel: 'teams' },
          }),
        ),
        ...cardsOf(await chat.say({ value: { card: 'campaignAudience', choice: 'attributes' } })),
        ...cardsOf(
          await chat.say({
            value: { card: 'attributeAudience', choice: 'use', department: 'Sales\u0007' },
          }),
        ),
      ];
      assert.equal(seen.length, 3);
      seen.forEach((card, i) => assertValidAdaptiveCard(card, `attribute audience card ${i + 1}`));
      assert.match(JSON.stringify(seen[0]), /People by department, country or office/);
      assert.match(JSON.stringify(seen[2]), /is not a value: at most 128 characters/);
    } finally {
      await world.store.close();
    }
  });
});
