import assert from 'node:assert/strict';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import {
  aCampaign,
  cardOf,
  FormChat,
  NOW,
  openWorld,
  textOf,
  type FormWorld,
} from './campaignFormChat.js';

describe('campaign form, editing', () => {
  let world: FormWorld;

  beforeEach(() => {
    world = openWorld();
  });

  afterEach(async () => {
    await world.store.close();
  });

  function editChat(campaignId = 'campaign-1', botChannelId = 'msteams'): FormChat {
    return new FormChat(world, botChannelId, { mode: 'edit', campaignId });
  }

  it('keeps an option only a newer version knows when this version saves an edit', async () => {
    // While a deploy rolls, a campaign saved by the new version may be edited by the old one.
    const options = { ...defaultCampaignOptions(), setByANewerVersion: 'on' };
    await world.store.campaigns.create(aCampaign({ options }));
    const chat = editChat();
    await chat.say('edit Winter Sale');
    await chat.say({ value: { card: 'campaignSummary', choice: 'change', field: 'startDate' } });
    await chat.say({ value: { card: 'campaignSchedule', startDate: '2026-12-14' } });
    assert.match(
      textOf(await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } })),
      /is updated and scheduled/,
    );
    const saved = await world.store.campaigns.get('campaign-1');
    assert.equal(saved?.startDate, '2026-12-14');
    assert.deepEqual(saved?.options, options);
  });

  it('edits a scheduled campaign, saves it and re-plans its start', async () => {
    await world.store.campaigns.create(aCampaign());
    const chat = editChat();

    const opening = await chat.say('edit Winter Sale');
    assert.match(textOf(opening), /Editing campaign “Winter Sale”/);
    const summary = cardOf(opening);
    assert.equal(summary.card, 'campaignSummary');
    assert.equal(summary.facts['Starts'], 'Mon 7 Dec 2026, 09:00 (Europe/Paris)');

    const change = cardOf(
      await chat.say({ value: { card: 'campaignSummary', choice: 'change', field: 'startDate' } }),
    );
    assert.deepEqual(change.inputs, { startDate: '2026-12-07' });
    const changed = cardOf(
      await chat.say({ value: { card: 'campaignSchedule', startDate: '2026-12-14' } }),
    );
    assert.equal(changed.facts['Starts'], 'Mon 14 Dec 2026, 09:00 (Europe/Paris)');

    world.clock.advance({ minutes: 5 });
    const confirmation = textOf(
      await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } }),
    );
    assert.equal(
      confirmation,
      'Campaign “Winter Sale” is updated and scheduled: it starts Mon 14 Dec 2026, 09:00 (Europe/Paris).',
    );
    assert.deepEqual(chat.result, { campaignId: 'campaign-1' });
    assert.deepEqual(await world.store.campaigns.get('campaign-1'), {
      ...aCampaign(),
      startDate: '2026-12-14',
      updatedAt: world.clock.now().toMillis(),
    });
    assert.deepEqual(world.jobs.started, [
      { campaignId: 'campaign-1', at: '2026-12-14T08:00:00.000Z' },
    ]);
  });

  it('on Skype, in text: changes the time zone, refusing an abbreviation, and saves', async () => {
    await world.store.campaigns.create(aCampaign());
    const chat = editChat('campaign-1', 'skype');
    const said = async (text: string) => textOf(await chat.say(text));

    assert.match(
      await said('edit Winter Sale'),
      /- Time zone: Europe\/Paris[\s\S]*Confirm, change a field \(or name it\), or cancel\?/,
    );
    // The field named at once: no "Which field?" turn.
    assert.match(await said('time zone'), /Which time zone/);
    const refused = await said('EST');
    assert.match(
      refused,
      /\*\*Time zone\*\*: "EST" is an abbreviation, not a time zone name.*Did you mean America\/New_York/,
    );
    assert.match(refused, /Which time zone/);
    assert.match(await said('America/New_York'), /- Time zone: America\/New_York/);
    assert.match(
      await said('confirm'),
      /^Campaign “Winter Sale” is updated and scheduled: it starts Mon 7 Dec 2026, 09:00 \(America\/New_York\)\.$/,
    );
    assert.equal(
      (await world.store.campaigns.get('campaign-1'))?.workingHours.timeZone,
      'America/New_York',
    );
  });

  it('keeps its own name: renaming only the case is not a clash', async () => {
    await world.store.campaigns.create(aCampaign());
    const chat = editChat();
    await chat.say('edit');
    await chat.say({ value: { card: 'campaignSummary', choice: 'change', field: 'name' } });
    const summary = cardOf(
      await chat.say({ value: { card: 'campaignBasics', name: 'WINTER SALE' } }),
    );
    assert.equal(summary.facts['Name'], 'WINTER SALE');
    await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } });
    assert.equal((await world.store.campaigns.get('campaign-1'))?.name, 'WINTER SALE');
  });

  it('refuses a running campaign with the reason, and changes nothing', async () => {
    await world.store.campaigns.create(aCampaign({ status: 'running' }));
    const chat = editChat();

    const reply = textOf(await chat.say('edit Winter Sale'));
    assert.equal(
      reply,
      'Campaign “Winter Sale” cannot be modified: it is running: a running campaign can be neither modified nor cancelled; its information and report stay available.',
    );
    assert.ok(chat.ended);
    assert.deepEqual(
      await world.store.campaigns.get('campaign-1'),
      aCampaign({ status: 'running' }),
    );
    assert.deepEqual(world.jobs.started, []);
  });

  it('does not save when the campaign started while the admin was editing', async () => {
    await world.store.campaigns.create(aCampaign());
    const chat = editChat();
    await chat.say('edit');
    await world.store.campaigns.setStatus('campaign-1', 'scheduled', 'running', NOW.toMillis());

    const reply = textOf(await chat.say({ value: { card: 'campaignSummary', choice: 'confirm' } }));
    assert.match(
      reply,
      /^Campaign “Winter Sale” was not saved: it started meanwhile; it is running/,
    );
    assert.ok(chat.ended);
    assert.equal((await world.store.campaigns.get('campaign-1'))?.status, 'running');
    assert.deepEqual(world.jobs.started, []);
  });

  it('re-asks what is no longer valid before the summary: a start date now past', async () => {
    await world.store.campaigns.create(aCampaign({ startDate: '2026-12-01' }));
    world.clock.advance({ days: 3 });
    const chat = editChat('campaign-1', 'skype');

    const reply = textOf(await chat.say('edit'));
    assert.match(reply, /\*\*Start date\*\*: 2026-12-01 is in the past/);
    assert.match(reply, /On which day does the campaign start\?/);
    const summary = textOf(await chat.say('2026-12-07'));
    assert.match(summary, /- Starts: Mon 7 Dec 2026, 09:00 \(Europe\/Paris\)/);
  });

  it('answers plainly when the campaign no longer exists', async () => {
    const chat = editChat('gone');
    assert.equal(textOf(await chat.say('edit')), 'That campaign does not exist (any more).');
    assert.ok(chat.ended);
  });
});
