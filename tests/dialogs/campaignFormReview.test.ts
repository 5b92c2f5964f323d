/**
 * The summary before Confirm, on Teams (cards) and Skype (text): what it shows — every field once,
 * in the admin's words, names as text, placeholders that will be empty — and what it does with a
 * submit it cannot read. Also the Cancel of the fix-or-continue question of a list made in the form.
 */
import assert from 'node:assert/strict';
import { CANCELLED_TEXT } from '../../dialogs/helpText.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import { assertValidAdaptiveCard } from '../support/adaptiveCardSchema.js';
import {
  ADMIN_USER,
  cardOf,
  FormChat,
  openFormChat,
  AUDIENCE,
  SCHEDULE,
  TENANT,
  textOf,
  type FormWorld,
} from './campaignFormChat.js';
import { withoutOptionLines } from '../support/campaignOptionViews.js';

const BASICS = {
  card: 'campaignBasics',
  name: 'Spring sale',
  message: 'Hello {{firstName}} {{lastName}}!',
  channel: 'teams',
};

function admin(botChannelId: string, names: Partial<ReachableUser>): ReachableUser {
  return {
    id: `${botChannelId}:${ADMIN_USER.id}`,
    tenantId: TENANT,
    channel: botChannelId === 'skype' ? 'skype' : 'teams',
    botChannelId,
    name: 'Ada Lovelace',
    conversationReference: {},
    firstSeenAt: 0,
    lastSeenAt: 0,
    ...names,
  };
}

describe('campaign form summary on Teams', () => {
  let world: FormWorld;
  let chat: FormChat;

  beforeEach(() => {
    ({ world, chat } = openFormChat('msteams'));
  });

  afterEach(async () => {
    await world.store.close();
  });

  async function summaryOf(basics: Record<string, string> = BASICS) {
    await chat.say('new campaign');
    await chat.say({ value: basics });
    await chat.say({ value: AUDIENCE });
    return chat.say({ value: SCHEDULE });
  }

  it('shows every field once, the start as when sending begins, the presence policy in words', async () => {
    const summary = cardOf(await summaryOf());
    assert.deepEqual(withoutOptionLines(summary.facts), {
      Name: 'Spring sale',
      Channel: 'Teams',
      List: 'All reachable users',
      'Time zone': 'Europe/Paris',
      Starts: 'Mon 7 Dec 2026, 09:00 (Europe/Paris)',
      Duration: '5 days',
      'Working hours': '09:00–18:00',
      'Working weekdays': 'Mon–Fri',
      'Presence policy': 'send only when Available',
    });
  });

  it('says so when the start date entered is not a working day', async () => {
    await chat.say('new campaign');
    await chat.say({ value: BASICS });
    await chat.say({ value: AUDIENCE });
    // Saturday 5 December: sending begins on Monday.
    const summary = cardOf(await chat.say({ value: { ...SCHEDULE, startDate: '2026-12-05' } }));
    assert.equal(
      summary.facts['Starts'],
      'Sat 5 Dec 2026, not a working day: sending begins Mon 7 Dec 2026, 09:00 (Europe/Paris)',
    );
  });

  for (const [what, submit] of [
    ['no choice', { card: 'campaignSummary' }],
    ['a choice in capitals', { card: 'campaignSummary', choice: 'CONFIRM' }],
    ['a list of choices', { card: 'campaignSummary', choice: ['confirm'] }],
    ['an object for a choice', { card: 'campaignSummary', choice: { $eq: 'confirm' } }],
  ] as const) {
    it(`a summary submit with ${what} is asked again, every answer kept`, async () => {
      await summaryOf();
      const replies = await chat.say({ value: submit });
      assert.match(
        textOf(replies),
        /^That answer to the summary names none of its choices: please press Confirm, Change a field or Cancel\.$/m,
      );
      assert.doesNotMatch(textOf(replies), /Cancelled/);
      assert.equal(chat.ended, false);
      const again = cardOf(replies);
      assert.equal(again.card, 'campaignSummary');
      assert.equal(again.facts['Name'], 'Spring sale');
      assert.deepEqual(await world.store.campaigns.list(TENANT), []);

      await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
      const [saved] = await world.store.campaigns.list(TENANT);
      assert.equal(saved?.name, 'Spring sale');
      assert.equal(saved?.message, BASICS.message);
      assert.equal(saved?.durationDays, 5);
    });
  }

  it('shows campaign and list names as text, never as a link or markup', async () => {
    await chat.say('new campaign');
    await chat.say({ value: { ...BASICS, name: '[list](https://evil.example)' } });
    await chat.say({ value: { card: 'campaignAudience', choice: 'newList' } });
    await chat.say('<b>VIP</b> *team*');
    await chat.say('ann@example.com');
    const summary = cardOf(await chat.say({ value: SCHEDULE }));
    assert.equal(summary.facts['Name'], '\\[list\\](https://evil.example)');
    assert.equal(summary.facts['List'], '\\<b\\>VIP\\</b\\> \\*team\\*');
    // Saved as typed: only the display escapes it.
    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.name, '[list](https://evil.example)');
  });

  it('names the placeholders the preview leaves empty, and those Skype recipients may lack', async () => {
    await world.store.users.upsert(admin('msteams', { givenName: 'Ada' }));
    const replies = await summaryOf({ ...BASICS, channel: 'skype' });
    assertValidAdaptiveCard(replies[0]?.attachments?.[0]?.content, 'summary with notes');
    const summary = cardOf(replies);
    assert.ok(summary.texts.includes('Hello Ada !'), summary.texts.join('|'));
    assert.ok(
      summary.texts.includes(
        'In this preview {{lastName}} is empty: the channel does not give it for you.',
      ),
      summary.texts.join('|'),
    );
    assert.ok(
      summary.texts.includes(
        '{{lastName}} will be empty for recipients whose Skype name is a single word.',
      ),
      summary.texts.join('|'),
    );
  });

  it('adds no note when every placeholder is filled and the channel gives names', async () => {
    await world.store.users.upsert(admin('msteams', { givenName: 'Ada', surname: 'Lovelace' }));
    const summary = cardOf(await summaryOf());
    assert.deepEqual(summary.texts.slice(-2), [
      'The message as Ada Lovelace would get it:',
      'Hello Ada Lovelace!',
    ]);
  });

  it('the fix-or-continue question of a list made in the form has a Cancel button that saves nothing', async () => {
    await chat.say('new campaign');
    await chat.say({ value: BASICS });
    await chat.say({ value: { card: 'campaignAudience', choice: 'newList' } });
    await chat.say('VIP customers');
    const replies = await chat.say('ann@example.com, not-an-address');
    const question = replies.flatMap((reply) => reply.attachments ?? []).at(-1)?.content as {
      actions: { title: string; data: unknown }[];
    };
    assertValidAdaptiveCard(question, 'fix-or-continue question');
    const cancel = question.actions.find((action) => action.title === 'Cancel');
    assert.deepEqual(cancel?.data, { command: 'cancel' });
    assert.deepEqual(
      question.actions.map((action) => action.title),
      ['Fix the list', 'Continue without them', 'Cancel'],
    );

    assert.equal(
      textOf(await chat.say({ value: cancel?.data as Record<string, unknown> })),
      CANCELLED_TEXT,
    );
    assert.ok(chat.ended);
    assert.deepEqual(await world.store.lists.list(TENANT), []);
    assert.deepEqual(await world.store.campaigns.list(TENANT), []);
  });
});

describe('campaign form summary on Skype', () => {
  let world: FormWorld;
  let chat: FormChat;

  beforeEach(() => {
    ({ world, chat } = openFormChat('skype'));
  });

  afterEach(async () => {
    await world.store.close();
  });

  async function summaryText(name: string, message: string): Promise<string> {
    await chat.say('new campaign');
    await chat.say(name);
    await chat.say(message);
    await chat.say('All reachable users');
    await chat.say('07/12/2026');
    return textOf(await chat.say('5'));
  }

  it('a Skype admin whose name is one word is told the preview leaves the last name empty', async () => {
    await world.store.users.upsert(admin('skype', { name: 'ada' }));
    const summary = await summaryText('Spring sale', 'Hello {{firstName}} {{lastName}}!');
    assert.match(summary, /> Hello ada !/);
    assert.match(
      summary,
      /In this preview \{\{lastName\}\} is empty: the channel does not give it for you\./,
    );
    assert.match(
      summary,
      /\{\{lastName\}\} will be empty for recipients whose Skype name is a single word\./,
    );
  });

  it('shows the start once, the presence policy in words and the name as text', async () => {
    const summary = await summaryText('[list](https://evil.example)', 'Hi');
    assert.match(summary, /- Name: \\\[list\\\]\(https:\/\/evil\.example\)\n/);
    assert.match(summary, /- Starts: Mon 7 Dec 2026, 09:00 \(Europe\/Paris\)\n/);
    assert.doesNotMatch(summary, /Start date/);
    assert.match(summary, /- Presence policy: send only when Available\n/);
    assert.doesNotMatch(summary, /placeholder|will be empty/);
  });
});
