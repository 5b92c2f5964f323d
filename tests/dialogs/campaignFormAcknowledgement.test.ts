/** The campaign option `acknowledgement` in the form: a toggle on Teams, a field named on Skype. */
import assert from 'node:assert/strict';
import {
  AUDIENCE,
  cardOf,
  openFormChat,
  SCHEDULE,
  TENANT,
  textOf,
  type FormChat,
  type FormWorld,
} from './campaignFormChat.js';

const BASICS = {
  card: 'campaignBasics',
  name: 'Policy update',
  message: 'Please read the new travel policy.',
  channel: 'teams',
};

describe('campaign form: acknowledgement', () => {
  let world: FormWorld;
  let chat: FormChat;

  afterEach(async () => {
    await world.store.close();
  });

  it('Teams: an off toggle on the schedule card; switched on, the summary says so and the campaign asks for it, in 5 turns', async () => {
    ({ world, chat } = openFormChat('msteams'));
    await chat.say('new campaign');
    await chat.say({ value: BASICS });
    const schedule = cardOf(await chat.say({ value: AUDIENCE }));
    assert.equal(schedule.card, 'campaignSchedule');
    assert.equal(schedule.inputs['acknowledgement'], 'off');

    const summary = cardOf(await chat.say({ value: { ...SCHEDULE, acknowledgement: 'on' } }));
    assert.equal(summary.card, 'campaignSummary');
    assert.equal(summary.facts['Acknowledgement'], 'asked: recipients press Acknowledge');

    assert.match(
      textOf(await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } })),
      /saved and scheduled/,
    );
    assert.equal(chat.turns, 5);
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.options.acknowledgement, true);
  });

  it('Teams: left as it is, the campaign does not ask for acknowledgement', async () => {
    ({ world, chat } = openFormChat('msteams'));
    await chat.say('new campaign');
    await chat.say({ value: BASICS });
    await chat.say({ value: AUDIENCE });
    const summary = cardOf(await chat.say({ value: { ...SCHEDULE, acknowledgement: 'off' } }));
    assert.equal(summary.facts['Acknowledgement'], 'not asked');
    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.options.acknowledgement, false);
  });

  it('Skype: not asked by default, named from the summary, a doubtful answer re-asked, then switched on', async () => {
    ({ world, chat } = openFormChat('skype'));
    let reply = '';
    for (const answer of [
      'new campaign',
      'Policy update',
      'Please read the new travel policy.',
      'All reachable users',
      '07/12/2026',
      '5',
    ]) {
      reply = textOf(await chat.say(answer));
    }
    assert.match(reply, /- Acknowledgement: not asked/);

    assert.match(
      textOf(await chat.say('Acknowledgement')),
      /Ask recipients to acknowledge the message\?/,
    );
    assert.match(textOf(await chat.say('perhaps')), /Ask recipients to acknowledge the message\?/);
    assert.match(
      textOf(await chat.say('Yes')),
      /- Acknowledgement: asked: recipients reply “acknowledge”/,
    );
    await chat.say('Confirm');
    const [saved] = await world.store.campaigns.list(TENANT);
    assert.equal(saved?.options.acknowledgement, true);
    assert.equal(saved?.name, 'Policy update');
  });
});
