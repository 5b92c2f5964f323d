/**
 * The `reminders` option in the campaign form: an input on the Teams schedule card (off by
 * default), a field the Skype summary can name; a bad answer says what is accepted and asks again.
 */
import assert from 'node:assert/strict';
import {
  AUDIENCE,
  SCHEDULE,
  TENANT,
  cardOf,
  openFormChat,
  textOf,
  type FormChat,
  type FormWorld,
} from './campaignFormChat.js';

const BASICS = { card: 'campaignBasics', name: 'Spring sale', message: 'Hi!', channel: 'teams' };
const ACCEPTED =
  /Accepted: "off"; "after N hours" \(one reminder, N working hours after the message\); "2 after N hours" \(a second one N working hours after the first\); N from 1 to 40\./;

describe('campaign form: reminders', () => {
  let world: FormWorld;
  let chat: FormChat;

  afterEach(async () => {
    await world.store.close();
  });

  describe('on Teams cards', () => {
    beforeEach(async () => {
      ({ world, chat } = openFormChat('msteams'));
      await chat.say('new campaign');
      await chat.say({ value: BASICS });
    });

    it('is an input of the schedule card, off by default, and reaches the saved campaign', async () => {
      const schedule = cardOf(await chat.say({ value: AUDIENCE }));
      assert.equal(schedule.card, 'campaignSchedule');
      assert.equal(schedule.inputs['reminders'], 'off');

      const summary = cardOf(
        await chat.say({ value: { ...SCHEDULE, reminders: 'after 4 hours' } }),
      );
      assert.equal(
        summary.facts['Reminders'],
        '1, 4 working hours after the message, to those who have not read or clicked',
      );
      await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
      const [saved] = await world.store.campaigns.list(TENANT);
      assert.deepEqual(saved?.options.reminders, { count: 1, afterHours: 4 });
    });

    it('refuses a bad setting, saying what is accepted, with the earlier answers kept', async () => {
      await chat.say({ value: AUDIENCE });
      const replies = await chat.say({
        value: { ...SCHEDULE, durationDays: '3', reminders: '3 after 4 hours' },
      });
      assert.match(textOf(replies), /3 reminders: at most 2\./);
      assert.match(textOf(replies), ACCEPTED);
      const again = cardOf(replies);
      assert.equal(again.card, 'campaignSchedule');
      assert.equal(again.inputs['reminders'], '3 after 4 hours');
      assert.equal(again.inputs['durationDays'], 3);
    });

    it('saves a campaign with reminders off when the admin leaves the default', async () => {
      await chat.say({ value: AUDIENCE });
      await chat.say({ value: { ...SCHEDULE, reminders: 'off' } });
      await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
      const [saved] = await world.store.campaigns.list(TENANT);
      assert.equal(saved?.options.reminders, 'off');
      assert.equal(chat.turns, 5);
    });
  });

  describe('on Skype text', () => {
    beforeEach(async () => {
      ({ world, chat } = openFormChat('skype'));
      for (const answer of [
        'new campaign',
        'Spring sale',
        'Hi!',
        'All reachable users',
        '07/12/2026',
      ]) {
        await chat.say(answer);
      }
    });

    it('is a default of the summary, changed by naming it, a bad answer asked again', async () => {
      const summary = textOf(await chat.say('5'));
      assert.match(summary, /- Reminders: off/);
      await chat.say('Change a field');
      assert.match(
        textOf(await chat.say('reminders')),
        /Remind those who have not read or clicked\?/,
      );
      const bad = textOf(await chat.say('every day'));
      assert.match(bad, /"every day" is not a reminder setting\./);
      assert.match(bad, ACCEPTED);
      assert.match(bad, /Remind those who have not read or clicked\?/);
      assert.match(
        textOf(await chat.say('2 after 8 hours')),
        /- Reminders: 2, each 8 working hours after the message before, to those who have not read or clicked/,
      );
      await chat.say('Confirm');
      const [saved] = await world.store.campaigns.list(TENANT);
      assert.deepEqual(saved?.options.reminders, { count: 2, afterHours: 8 });
      assert.equal(saved?.durationDays, 5);
    });
  });
});
