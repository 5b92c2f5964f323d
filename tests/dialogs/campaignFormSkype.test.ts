import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { CANCELLED_TEXT } from '../../dialogs/helpText.js';
import {
  aCampaign,
  FormChat,
  openFormChat,
  TENANT,
  textOf,
  type FormWorld,
} from './campaignFormChat.js';

/** Every answer of a Skype create, in the order the questions come, with the question's gist. */
const ANSWERS: { asks: RegExp; answer: string }[] = [
  { asks: /What is the campaign name\?/, answer: 'Spring sale' },
  { asks: /What message should recipients get\?/, answer: 'Hi {{firstName}}!' },
  { asks: /Which list is the campaign sent to\?/, answer: 'All reachable users' },
  { asks: /On which day does the campaign start\?/, answer: '07/12/2026' },
  { asks: /How many days does it last\?/, answer: '5' },
];

/** What a reply says, its suggested actions included (Skype shows choices as buttons). */
function said(replies: Awaited<ReturnType<FormChat['say']>>): string {
  const actions = replies.flatMap((reply) => reply.suggestedActions?.actions ?? []);
  return [textOf(replies), ...actions.map((action) => String(action.title))].join('\n');
}

describe('campaign form on Skype (text prompts)', () => {
  let world: FormWorld;
  let chat: FormChat;

  beforeEach(() => {
    ({ world, chat } = openFormChat('skype'));
  });

  afterEach(async () => {
    await world.store.close();
  });

  /** Starts the form and answers the questions before ANSWERS[until] (all of them by default). */
  async function answerUntil(until = ANSWERS.length): Promise<string> {
    let question = said(await chat.say('new campaign'));
    for (const { asks, answer } of ANSWERS.slice(0, until)) {
      assert.match(question, asks);
      question = said(await chat.say(answer));
    }
    return question;
  }

  function step(asks: RegExp): number {
    return ANSWERS.findIndex((entry) => entry.asks.source.startsWith(asks.source));
  }

  it("says the campaign starts now when today's working hours are already open", async () => {
    world.clock.set(DateTime.fromISO('2026-12-07T11:30', { zone: 'Europe/Paris' }));
    const today = ANSWERS.map((a) => (a.answer === '07/12/2026' ? { ...a, answer: 'today' } : a));
    let question = said(await chat.say('new campaign'));
    for (const { asks, answer } of today) {
      assert.match(question, asks);
      question = said(await chat.say(answer));
    }

    const confirmation = textOf(await chat.say('Confirm'));

    assert.equal(
      confirmation,
      'Campaign “Spring sale” is saved and scheduled: it starts now, within today’s working hours.',
    );
  });

  it('creates a scheduled campaign one question at a time', async () => {
    const summary = await answerUntil();
    assert.match(summary, /- Name: Spring sale/);
    // The defaults, shown to be confirmed or changed: the admin's channel, zone, hours, days.
    assert.match(summary, /- Channel: Skype/);
    assert.match(summary, /- Starts: Mon 7 Dec 2026, 09:00 \(Europe\/Paris\)/);
    assert.match(summary, /- Working hours: 09:00–18:00/);
    assert.match(summary, /- Time zone: Europe\/Paris/);
    assert.match(summary, /- Presence policy: send only when Available\n/);
    assert.match(summary, /The message as User1 would get it:\n\n> Hi !/);
    assert.match(summary, /Confirm, change a field \(or name it\), or cancel\?/);

    const confirmation = textOf(await chat.say('Confirm'));
    assert.equal(
      confirmation,
      'Campaign “Spring sale” is saved and scheduled: it starts Mon 7 Dec 2026, 09:00 (Europe/Paris).',
    );
    assert.ok(chat.ended);
    assert.ok(chat.turns <= 8, `${chat.turns} turns`);
    console.log(`      campaign form, create on Skype (text prompts): ${chat.turns} admin turns`);

    const [saved] = await world.store.campaigns.list(TENANT);
    assert.ok(saved);
    assert.equal(saved.authorUserId, 'skype:user1');
    assert.deepEqual(
      {
        name: saved.name,
        message: saved.message,
        channel: saved.channel,
        listId: saved.listId,
        startDate: saved.startDate,
        durationDays: saved.durationDays,
        workingHours: saved.workingHours,
        presencePolicy: saved.presencePolicy,
        status: saved.status,
      },
      {
        name: 'Spring sale',
        message: 'Hi {{firstName}}!',
        channel: 'skype',
        listId: 'all-users',
        startDate: '2026-12-07',
        durationDays: 5,
        workingHours: {
          open: '09:00',
          close: '18:00',
          weekdays: [1, 2, 3, 4, 5],
          timeZone: 'Europe/Paris',
        },
        presencePolicy: 'available',
        status: 'scheduled',
      },
    );
    assert.deepEqual(world.jobs.started, [
      { campaignId: saved.id, at: '2026-12-07T08:00:00.000Z' },
    ]);
  });

  describe('a bad answer gets what was wrong and the same question again, answers kept', () => {
    const cases: { asks: RegExp; bad: string; error: RegExp }[] = [
      {
        asks: /What is the campaign name\?/,
        bad: 'WINTER SALE',
        error:
          /\*\*Name\*\*: a campaign named "Winter Sale" already exists \(names are compared ignoring case\)/,
      },
      {
        asks: /What message should recipients get\?/,
        bad: 'Hello {{ firstName }}',
        error: /\*\*Message\*\*: unknown placeholder \{\{ firstName \}\}\. Accepted: /,
      },
      {
        asks: /On which day does the campaign start\?/,
        bad: '30/11/2026',
        error:
          /\*\*Start date\*\*: 2026-11-30 is in the past\. Accepted: today \(2026-12-01 in Europe\/Paris\)/,
      },
      {
        asks: /How many days does it last\?/,
        bad: '0',
        error:
          /\*\*Duration\*\*: 0 is out of range\. Accepted: a whole number of days from 1 to 30\./,
      },
      {
        asks: /How many days does it last\?/,
        bad: '31',
        error: /\*\*Duration\*\*: 31 is out of range\./,
      },
    ];
    for (const { asks, bad, error } of cases) {
      it(`${asks.source.replace(/\\/g, '')} ← "${bad}"`, async () => {
        await world.store.campaigns.create(aCampaign({ name: 'Winter Sale' }));
        await answerUntil(step(asks));

        const reply = said(await chat.say(bad));
        assert.match(reply, error);
        assert.match(reply, asks, 'the same question again');

        // The rest of the form goes on from there, and the earlier answers were kept.
        for (const { answer } of ANSWERS.slice(step(asks))) {
          await chat.say(answer);
        }
        await chat.say('Confirm');
        const [saved] = (await world.store.campaigns.list(TENANT)).filter(
          (c) => c.id !== 'campaign-1',
        );
        assert.equal(saved?.name, 'Spring sale');
        assert.equal(saved?.message, 'Hi {{firstName}}!');
        assert.equal(saved?.durationDays, 5);
      });
    }
  });

  it('changes the default working hours from the summary, re-asking a bad answer', async () => {
    await answerUntil();
    assert.match(said(await chat.say('Change a field')), /Which field\?/);
    assert.match(
      said(await chat.say('Working hours')),
      /What are the working hours\? .* Reply ok to keep 09:00-18:00\./,
    );
    const bad = said(await chat.say('18:00-09:00'));
    assert.match(
      bad,
      /\*\*Working hours\*\*: closing time 09:00 is not after opening time 18:00\./,
    );
    assert.match(bad, /What are the working hours\?/);
    assert.match(said(await chat.say('10:00-17:00')), /- Working hours: 10:00–17:00/);
    await chat.say('Confirm');
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.workingHours.open, '10:00');
    assert.equal(saved?.name, 'Spring sale');
  });

  for (const doubtful of ['not Teams', "' OR 1=1 --", 'no', 'Teams or Skype']) {
    it(`never guesses a choice: “${doubtful}” for the channel is re-asked`, async () => {
      await answerUntil();
      await chat.say('Change a field');
      assert.match(said(await chat.say('Channel')), /Which channel is the campaign sent on\?/);
      const reply = said(await chat.say(doubtful));
      assert.match(reply, /^I did not understand “.*”: .*Which channel is the campaign sent on\?/);
      assert.match(reply, /\nTeams\nSkype$/, 'the choices as buttons');
      assert.match(said(await chat.say('1')), /- Channel: Teams/);
    });
  }

  for (const doubtful of ["no, don't confirm", 'not sure', 'maybe', 'confirm and cancel']) {
    it(`never saves on a doubtful answer to the summary: “${doubtful}”`, async () => {
      await answerUntil();
      const reply = said(await chat.say(doubtful));
      assert.match(reply, /^I did not understand/);
      assert.match(reply, /Confirm, change a field \(or name it\), or cancel\?/);
      assert.deepEqual(await world.store.campaigns.list(TENANT), []);
      assert.match(said(await chat.say('yes, confirm')), /is saved and scheduled/);
    });
  }

  it('refuses a start today after closing time instead of saying "starts now"', async () => {
    world.clock.set(DateTime.fromISO('2026-12-07T19:30', { zone: 'Europe/Paris' }));
    await answerUntil(step(/On which day does the campaign start\?/));
    await chat.say('today');
    const reply = said(await chat.say('1'));
    assert.match(
      reply,
      /\*\*Start date\*\*: the working hours of 1 day from 2026-12-07 are already over \(they close at 18:00 Europe\/Paris time\), so nothing could be sent\./,
    );
    assert.match(reply, /On which day does the campaign start\?/);
    assert.match(said(await chat.say('tomorrow')), /- Starts: Tue 8 Dec 2026, 09:00/);
  });

  it('answers help and other commands in the middle of the form without taking them as answers', async () => {
    await answerUntil(step(/Which list is the campaign sent to\?/));
    assert.match(
      said(await chat.say('help')),
      /You are in the middle of a campaign form: answer the question above/,
    );
    assert.match(
      said(await chat.say('campaigns')),
      /^You are in the middle of a campaign form: type cancel to stop it first, or go on/,
    );
    assert.match(said(await chat.say('new campaign')), /^You are in the middle of a campaign form/);
    assert.match(
      said(await chat.say('All reachable users')),
      /On which day does the campaign start\?/,
    );
    assert.equal(textOf(await chat.say('stop')), CANCELLED_TEXT);
    assert.ok(chat.ended);
  });

  it('cancel in the middle of the questions saves nothing', async () => {
    await answerUntil(step(/How many days does it last\?/));
    assert.equal(textOf(await chat.say('Cancel')), CANCELLED_TEXT);
    assert.ok(chat.ended);
    assert.deepEqual(await world.store.campaigns.list(TENANT), []);
    assert.deepEqual(world.jobs.started, []);
  });

  it('changes a field from the summary', async () => {
    await answerUntil();
    assert.match(said(await chat.say('Change a field')), /Which field\?/);
    assert.match(
      said(await chat.say('Name')),
      /What is the campaign name\? .*Reply ok to keep Spring sale\./,
    );
    const summary = said(await chat.say('Summer sale'));
    assert.match(summary, /- Name: Summer sale/);
    assert.match(summary, /- Duration: 5 days/);
    await chat.say('Confirm');
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.name, 'Summer sale');
    assert.equal(saved?.durationDays, 5);
  });

  it('says presence is not configured and does not ask for it', async () => {
    await world.store.close();
    ({ world, chat } = openFormChat('skype', { presenceConfigured: false }));

    const intro = said(await chat.say('new campaign'));
    assert.match(
      intro,
      /Presence: no presence source is configured, so messages are sent whatever the recipient's presence\./,
    );
    let reply = '';
    for (const { answer } of ANSWERS) {
      reply = said(await chat.say(answer));
    }
    assert.match(
      reply,
      /- Presence policy: presence not checked \(no presence source configured\)/,
    );
    await chat.say('Confirm');
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.presencePolicy, 'ignore');
  });
});
