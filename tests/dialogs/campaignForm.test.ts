import assert from 'node:assert/strict';
import { CANCELLED_TEXT } from '../../dialogs/helpText.js';
import {
  aCampaign,
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
import { withoutOptionFields } from '../support/campaignOptionViews.js';

const BASICS = {
  card: 'campaignBasics',
  name: 'Spring sale',
  message: 'Hi {{firstName}}, our **spring sale** starts now.',
  channel: 'teams',
};

describe('campaign form on Teams (Adaptive Cards)', () => {
  let world: FormWorld;
  let chat: FormChat;

  beforeEach(() => {
    ({ world, chat } = openFormChat('msteams'));
  });

  afterEach(async () => {
    await world.store.close();
  });

  /** Up to the card that asks `until`, answering the earlier cards with valid values. */
  async function reach(
    until: 'campaignBasics' | 'campaignAudience' | 'campaignSchedule' | 'campaignSummary',
  ) {
    let replies = await chat.say('new campaign');
    for (const answer of [BASICS, AUDIENCE, SCHEDULE]) {
      if (cardOf(replies).card === until) {
        return replies;
      }
      replies = await chat.say({ value: answer });
    }
    assert.equal(cardOf(replies).card, until);
    return replies;
  }

  it('creates a scheduled campaign from three cards and a summary', async () => {
    await world.store.users.upsert({
      id: `msteams:${ADMIN_USER.id}`,
      tenantId: TENANT,
      channel: 'teams',
      botChannelId: 'msteams',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      givenName: 'Ada',
      surname: 'Lovelace',
      conversationReference: {},
      firstSeenAt: 0,
      lastSeenAt: 0,
    });

    const basics = cardOf(await chat.say('new campaign'));
    assert.equal(basics.card, 'campaignBasics');
    assert.deepEqual(Object.keys(basics.inputs), ['name', 'message', 'channel']);

    const audience = cardOf(await chat.say({ value: BASICS }));
    assert.equal(audience.card, 'campaignAudience');
    assert.deepEqual(audience.choices['listId'], ['all-users']);

    const schedule = cardOf(await chat.say({ value: AUDIENCE }));
    assert.equal(schedule.card, 'campaignSchedule');
    assert.deepEqual(withoutOptionFields(schedule.inputs), {
      timeZone: 'Europe/Paris',
      startDate: '',
      // No value yet: Adaptive Cards 1.5 refuses a null number.
      durationDays: undefined,
      open: '09:00',
      close: '18:00',
      weekdays: '1,2,3,4,5',
      presencePolicy: 'available',
    });

    const summary = cardOf(await chat.say({ value: SCHEDULE }));
    assert.equal(summary.card, 'campaignSummary');
    assert.equal(summary.facts['Name'], 'Spring sale');
    assert.equal(summary.facts['List'], 'All reachable users');
    assert.equal(summary.facts['Starts'], 'Mon 7 Dec 2026, 09:00 (Europe/Paris)');
    assert.equal(summary.facts['Duration'], '5 days');
    assert.equal(summary.facts['Working weekdays'], 'Mon–Fri');
    assert.ok(
      summary.texts.includes('Hi Ada, our **spring sale** starts now.'),
      summary.texts.join('|'),
    );

    const confirmation = textOf(
      await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } }),
    );
    assert.equal(
      confirmation,
      'Campaign “Spring sale” is saved and scheduled: it starts Mon 7 Dec 2026, 09:00 (Europe/Paris).',
    );
    assert.ok(chat.ended);
    console.log(`      campaign form, create on Teams (cards): ${chat.turns} admin turns`);

    const [saved] = await world.store.campaigns.list(TENANT);
    assert.ok(saved);
    assert.deepEqual(chat.result, { campaignId: saved.id });
    // AUDIENCE and SCHEDULE answered with aCampaign's list and schedule.
    assert.deepEqual(
      saved,
      aCampaign({
        id: saved.id,
        name: 'Spring sale',
        message: 'Hi {{firstName}}, our **spring sale** starts now.',
        createdAt: world.clock.now().toMillis(),
        updatedAt: world.clock.now().toMillis(),
      }),
    );
    assert.deepEqual(world.jobs.started, [
      { campaignId: saved.id, at: '2026-12-07T08:00:00.000Z' },
    ]);
  });

  describe('a bad answer shows the same card again, filled with everything entered', () => {
    const cases: {
      title: string;
      card: 'campaignBasics' | 'campaignSchedule';
      submit: Record<string, string>;
      error: RegExp;
    }[] = [
      {
        title: 'unknown placeholder',
        card: 'campaignBasics',
        submit: { ...BASICS, message: 'Hi {{first_name}}' },
        error:
          /\*\*Message\*\*: unknown placeholder \{\{first_name\}\}\. Accepted: .*\{\{firstName\}\}/,
      },
      {
        title: 'name of another campaign, in another case',
        card: 'campaignBasics',
        submit: { ...BASICS, name: 'WINTER sale' },
        error:
          /\*\*Name\*\*: a campaign named "Winter Sale" already exists \(names are compared ignoring case\)/,
      },
      {
        title: 'start date in the past',
        card: 'campaignSchedule',
        submit: { ...SCHEDULE, startDate: '2026-11-30' },
        error:
          /\*\*Start date\*\*: 2026-11-30 is in the past\. Accepted: today \(2026-12-01 in Europe\/Paris\) or a later day/,
      },
      {
        title: 'closing before opening',
        card: 'campaignSchedule',
        submit: { ...SCHEDULE, open: '18:00', close: '09:00' },
        error:
          /\*\*Working hours\*\*: closing time 09:00 is not after opening time 18:00\. Accepted: /,
      },
      {
        title: 'duration 0',
        card: 'campaignSchedule',
        submit: { ...SCHEDULE, durationDays: '0' },
        error:
          /\*\*Duration\*\*: 0 is out of range\. Accepted: a whole number of days from 1 to 30\./,
      },
      {
        title: 'duration 31',
        card: 'campaignSchedule',
        submit: { ...SCHEDULE, durationDays: '31' },
        error: /\*\*Duration\*\*: 31 is out of range\./,
      },
      {
        title: 'no weekday ticked',
        card: 'campaignSchedule',
        submit: { ...SCHEDULE, weekdays: '' },
        error: /\*\*Working weekdays\*\*: no day was given\. Accepted: at least one day/,
      },
      {
        title: 'an abbreviation for a time zone',
        card: 'campaignSchedule',
        submit: { ...SCHEDULE, timeZone: 'EST' },
        error:
          /\*\*Time zone\*\*: "EST" is an abbreviation, not a time zone name, so which region's daylight-saving rules apply is unknown\. Did you mean America\/New_York \(Eastern, with daylight saving\) or America\/Panama \(no daylight saving\)\?/,
      },
      {
        title: 'a name of invisible characters only',
        card: 'campaignBasics',
        submit: { ...BASICS, name: '\u200b\u2800' },
        error: /\*\*Name\*\*: it has no visible character\./,
      },
      {
        title: 'a name of 81 emoji',
        card: 'campaignBasics',
        submit: { ...BASICS, name: '🎉'.repeat(81) },
        error: /\*\*Name\*\*: it is 81 characters long\./,
      },
      {
        title: 'unknown time zone',
        card: 'campaignSchedule',
        submit: { ...SCHEDULE, timeZone: 'Paris' },
        error: /\*\*Time zone\*\*: "Paris" is not a known time zone\. Accepted: an IANA time zone/,
      },
    ];
    for (const { title, card, submit, error } of cases) {
      it(title, async () => {
        await world.store.campaigns.create(aCampaign({ name: 'Winter Sale' }));
        await reach(card);

        const replies = await chat.say({ value: submit });
        assert.match(textOf(replies), error);
        const again = cardOf(replies);
        assert.equal(again.card, card);
        const entered = Object.entries(submit).filter(([field]) => field !== 'card');
        for (const [field, value] of entered) {
          const shown =
            field === 'durationDays' ? String(again.inputs[field]) : again.inputs[field];
          assert.equal(shown, value, `${field} is pre-filled`);
        }

        const fixed = card === 'campaignBasics' ? BASICS : SCHEDULE;
        const next = cardOf(await chat.say({ value: fixed }));
        assert.equal(next.card, card === 'campaignBasics' ? 'campaignAudience' : 'campaignSummary');
      });
    }
  });

  it('two Confirm clicks at once save one campaign and both say it is saved', async () => {
    await reach('campaignSummary');
    // A second client on the same conversation state: both turns read the form before either ends it.
    const twin = new FormChat(world, 'msteams', { mode: 'create' });
    const confirm = { value: { card: 'campaignSummary', choice: 'confirm' } };
    const [first, second] = await Promise.all([chat.say(confirm), twin.say(confirm)]);
    const answers = [textOf(first), textOf(second)].sort();
    assert.deepEqual(answers, [
      'Campaign “Spring sale” is saved and scheduled: it starts Mon 7 Dec 2026, 09:00 (Europe/Paris).',
      'Campaign “Spring sale” was already saved and scheduled: it starts Mon 7 Dec 2026, 09:00 (Europe/Paris).',
    ]);
    assert.equal((await world.store.campaigns.list(TENANT)).length, 1);
  });

  it('takes a typed answer when the card asks one thing, and says to use the card otherwise', async () => {
    await reach('campaignBasics');
    assert.equal(
      textOf(await chat.say('Spring sale')),
      'I cannot tell which answer of the card “Spring sale” is: please fill in the card above and press its button, or type cancel to stop.',
    );
    assert.match(textOf(await chat.say('help')), /You are in the middle of a campaign form/);
    await chat.say({ value: BASICS });
    // The list by its name, typed.
    assert.equal(cardOf(await chat.say('All reachable users')).card, 'campaignSchedule');
    await chat.say({ value: SCHEDULE });
    // A field named in text at the summary card opens that field alone.
    assert.deepEqual(Object.keys(cardOf(await chat.say('start date')).inputs), ['startDate']);
    // Only the start date is asked: a typed date answers it.
    const summary = cardOf(await chat.say('08/12/2026'));
    assert.equal(summary.card, 'campaignSummary');
    // The start date once, as the day and hour sending begins.
    assert.equal(summary.facts['Starts'], 'Tue 8 Dec 2026, 09:00 (Europe/Paris)');
    assert.equal(summary.facts['Start date'], undefined);
    assert.match(textOf(await chat.say("no, don't confirm")), /I cannot tell which answer/);
    assert.deepEqual(await world.store.campaigns.list(TENANT), []);
    assert.match(textOf(await chat.say('confirm')), /is saved and scheduled/);
  });

  it('the start-date picker starts today in the campaign zone and sends no null duration', async () => {
    const schedule = await reach('campaignSchedule');
    const card = JSON.stringify(schedule[0]?.attachments?.[0]?.content);
    assert.match(card, /"id":"startDate","label":"[^"]*","min":"2026-12-01"/);
    assert.doesNotMatch(card, /null/);
  });

  it('a 30 kB answer is not echoed back: every reply stays far below the 28 KB Teams limit', async () => {
    await reach('campaignSchedule');
    const pasted = 'Europe/Paris '.repeat(2500);
    const replies = await chat.say({ value: { ...SCHEDULE, timeZone: pasted } });
    assert.match(
      textOf(replies),
      /\*\*Time zone\*\*: "Europe\/Paris Europe\/Paris .*…" is not a known time zone/,
    );
    for (const reply of replies) {
      assert.ok(JSON.stringify(reply).length < 5000, `${JSON.stringify(reply).length} bytes`);
    }
    assert.equal(cardOf(await chat.say({ value: SCHEDULE })).card, 'campaignSummary');
  });

  it('a restart mid-dialog loses nothing: the form state lives in the store', async () => {
    await reach('campaignSchedule');
    const afterRestart = new FormChat(world, 'msteams', { mode: 'create' });
    const summary = cardOf(await afterRestart.say({ value: SCHEDULE }));
    assert.equal(summary.card, 'campaignSummary');
    assert.equal(summary.facts['Name'], 'Spring sale');
  });

  it('a click on an older card is not taken for the current one', async () => {
    await reach('campaignSchedule');
    const replies = await chat.say({ value: BASICS });
    assert.match(textOf(replies), /That button belongs to an older card: please fill in this one/);
    assert.equal(cardOf(replies).card, 'campaignSchedule');
  });

  for (const [how, input] of [
    ['typed', 'cancel'],
    ['with the Cancel button', { value: { command: 'cancel' } }],
  ] as const) {
    it(`cancel ${how} at a middle step saves nothing`, async () => {
      await reach('campaignSchedule');
      assert.equal(textOf(await chat.say(input)), CANCELLED_TEXT);
      assert.ok(chat.ended);
      assert.equal(chat.result, undefined);
      assert.deepEqual(await world.store.campaigns.list(TENANT), []);
      assert.deepEqual(world.jobs.started, []);
    });
  }

  it('changes one field from the summary, then confirms', async () => {
    await reach('campaignSummary');
    await chat.say({ value: SCHEDULE });

    const change = cardOf(
      await chat.say({
        value: { card: 'campaignSummary', choice: 'change', field: 'durationDays' },
      }),
    );
    assert.equal(change.card, 'campaignSchedule');
    assert.deepEqual(change.inputs, { durationDays: 5 }, 'only that field, pre-filled');

    const summary = cardOf(
      await chat.say({ value: { card: 'campaignSchedule', durationDays: '12' } }),
    );
    assert.equal(summary.card, 'campaignSummary');
    assert.equal(summary.facts['Duration'], '12 days');
    assert.equal(summary.facts['Name'], 'Spring sale');

    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.durationDays, 12);
    assert.equal(saved?.message, BASICS.message);
  });

  it('re-asks the name when another campaign took it before the confirmation', async () => {
    await reach('campaignSummary');
    await chat.say({ value: SCHEDULE });
    await world.store.campaigns.create(aCampaign({ name: 'SPRING SALE' }));

    const replies = await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
    assert.match(textOf(replies), /\*\*Name\*\*: a campaign named "SPRING SALE" already exists/);
    const card = cardOf(replies);
    assert.deepEqual(card.inputs, { name: 'Spring sale' });

    const summary = cardOf(
      await chat.say({ value: { card: 'campaignBasics', name: 'Spring sale 2' } }),
    );
    assert.equal(summary.facts['Name'], 'Spring sale 2');
    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
    assert.deepEqual((await world.store.campaigns.list(TENANT)).map((c) => c.name).sort(), [
      'SPRING SALE',
      'Spring sale 2',
    ]);
  });

  it('sends to a mailing list created inside the form', async () => {
    await reach('campaignAudience');
    assert.match(
      textOf(await chat.say({ value: { card: 'campaignAudience', choice: 'newList' } })),
      /What should the new list be called\?/,
    );
    await chat.say('VIP customers');
    const schedule = cardOf(await chat.say('ann@example.com, bob@example.com'));
    assert.equal(schedule.card, 'campaignSchedule');
    const summary = cardOf(await chat.say({ value: SCHEDULE }));
    assert.equal(summary.facts['List'], 'VIP customers');
    // Saved with the campaign, on Confirm only.
    assert.equal(await world.store.lists.findByName(TENANT, 'VIP customers'), null);
    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });

    const list = await world.store.lists.findByName(TENANT, 'VIP customers');
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.ok(list);
    assert.equal(saved?.listId, list.id);
  });

  it('offers the saved lists besides all reachable users', async () => {
    await world.store.lists.create({
      id: 'list-sales',
      tenantId: TENANT,
      name: 'Sales',
      emails: ['ann@example.com'],
      createdBy: 'msteams:user1',
      createdAt: 0,
    });
    const audience = cardOf(await reach('campaignAudience'));
    assert.deepEqual(audience.choices['listId'], ['all-users', 'list-sales']);
    await chat.say({ value: { ...AUDIENCE, listId: 'list-sales' } });
    const summary = cardOf(await chat.say({ value: SCHEDULE }));
    assert.equal(summary.facts['List'], 'Sales');
  });

  it('without presence source: no presence question, says why, saves policy ignore', async () => {
    await world.store.close();
    ({ world, chat } = openFormChat('msteams', { presenceConfigured: false }));

    const schedule = cardOf(await reach('campaignSchedule'));
    assert.equal('presencePolicy' in schedule.inputs, false);
    assert.ok(
      schedule.texts.includes(
        "Presence: no presence source is configured, so messages are sent whatever the recipient's presence.",
      ),
    );
    const withoutPolicy = Object.fromEntries(
      Object.entries(SCHEDULE).filter(([field]) => field !== 'presencePolicy'),
    );
    const summary = cardOf(await chat.say({ value: withoutPolicy }));
    // In the admin's words, not the internal value "ignore".
    assert.equal(
      summary.facts['Presence policy'],
      'presence not checked (no presence source configured)',
    );
    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.presencePolicy, 'ignore');
  });
});
