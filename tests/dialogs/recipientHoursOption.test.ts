/**
 * The option "Each recipient's working hours" in the campaign form: off unless changed, a
 * toggle on the Teams schedule card, a summary line to name and change on Skype; a campaign
 * with it starts as soon as its start date has begun anywhere (UTC+14).
 */
import assert from 'node:assert/strict';
import {
  AUDIENCE,
  cardOf,
  FormChat,
  openFormChat,
  SCHEDULE,
  TENANT,
  textOf,
  type FormWorld,
} from './campaignFormChat.js';

const LABEL = "Each recipient's working hours";
/** Monday 7 December 2026 at midnight in UTC+14, when it is 10:00 on Sunday in UTC. */
const START_ANYWHERE = '2026-12-06T10:00:00.000Z';
/** Monday 7 December 2026 at 09:00 in Paris, the campaign's own opening. */
const START_IN_PARIS = '2026-12-07T08:00:00.000Z';

describe(`campaign option "${LABEL}"`, () => {
  let world: FormWorld;
  let chat: FormChat;

  afterEach(async () => {
    await world.store.close();
  });

  it('Teams: a toggle on the schedule card, off by default; switched on it is saved and the start comes ahead', async () => {
    ({ world, chat } = openFormChat('msteams'));
    await chat.say('new campaign');
    await chat.say({
      value: { card: 'campaignBasics', name: 'Spring sale', message: 'Hi!', channel: 'teams' },
    });
    const schedule = cardOf(await chat.say({ value: AUDIENCE }));
    assert.equal(schedule.card, 'campaignSchedule');
    assert.equal(schedule.inputs['recipientHours'], 'off');

    const summary = cardOf(await chat.say({ value: { ...SCHEDULE, recipientHours: 'on' } }));
    assert.match(summary.facts[LABEL] ?? '', /^on: each recipient's own hours and zone/);
    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });

    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.options.recipientHours, true);
    assert.deepEqual(world.jobs.started, [{ campaignId: saved!.id, at: START_ANYWHERE }]);
  });

  it('Teams: left off, the campaign starts at its own opening', async () => {
    ({ world, chat } = openFormChat('msteams'));
    await chat.say('new campaign');
    await chat.say({
      value: { card: 'campaignBasics', name: 'Spring sale', message: 'Hi!', channel: 'teams' },
    });
    await chat.say({ value: AUDIENCE });
    const summary = cardOf(await chat.say({ value: SCHEDULE }));
    assert.equal(summary.facts[LABEL], "off: the campaign's hours for everyone");
    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.options.recipientHours, false);
    assert.deepEqual(world.jobs.started, [{ campaignId: saved!.id, at: START_IN_PARIS }]);
  });

  it('Skype: not asked, shown in the summary, changed by naming it; a wrong answer is asked again', async () => {
    ({ world, chat } = openFormChat('skype'));
    await chat.say('new campaign');
    await chat.say('Spring sale');
    await chat.say('Hi {{firstName}}!');
    await chat.say('All reachable users');
    await chat.say('07/12/2026');
    const summary = textOf(await chat.say('5'));
    assert.match(summary, new RegExp(`- ${LABEL}: off: the campaign's hours for everyone`));

    await chat.say('Change a field');
    assert.match(textOf(await chat.say(LABEL)), /Send inside each recipient's own working hours/);
    assert.match(
      textOf(await chat.say('perhaps')),
      /Send inside each recipient's own working hours/,
    );
    const changed = textOf(await chat.say('On'));
    assert.match(changed, new RegExp(`- ${LABEL}: on: each recipient's own hours`));
    await chat.say('Confirm');
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.options.recipientHours, true);
  });
});
