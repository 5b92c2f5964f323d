import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import {
  CAMPAIGN_FIELDS,
  formFields,
  formValuesOf,
  newFormValues,
  validateCampaignDraft,
} from '../../src/domain/campaignFields.js';
import { defaultCampaignOptions, CAMPAIGN_OPTION_NAMES } from '../../src/domain/campaignOptions.js';
import { aCampaignDraft } from '../support/fixtures.js';
import { withoutOptionFields } from '../support/campaignOptionViews.js';

const NOW = DateTime.fromISO('2026-12-01T10:00:00Z');

describe('the campaign field table', () => {
  it('a saved campaign, shown in the form, validates back to the same draft: every field writes its part', () => {
    const draft = aCampaignDraft({
      channel: 'skype',
      listId: 'list-1',
      durationDays: 12,
      workingHours: { open: '08:30', close: '17:00', weekdays: [1, 3, 5], timeZone: 'Asia/Tokyo' },
      presencePolicy: 'available-away-busy',
    });
    assert.deepEqual(withoutOptionFields(formValuesOf(draft)), {
      name: 'Spring Sale',
      message: 'Hello {{firstName}}',
      channel: 'skype',
      listId: 'list-1',
      timeZone: 'Asia/Tokyo',
      startDate: '2026-12-07',
      durationDays: '12',
      hours: '08:30-17:00',
      weekdays: '1,3,5',
      presencePolicy: 'available-away-busy',
    });
    assert.deepEqual(
      validateCampaignDraft(formValuesOf(draft), { now: NOW, presenceConfigured: true }),
      {
        ok: true,
        value: draft,
      },
    );
  });

  it('a new form holds the defaults: the admin channel and zone, 09:00-18:00, Mon–Fri, every option at its default', () => {
    const values = newFormValues({
      channel: 'teams',
      timeZone: 'Europe/Paris',
      presenceConfigured: false,
    });
    const optionsAtDefault = formValuesOf(aCampaignDraft({ options: defaultCampaignOptions() }));
    for (const option of CAMPAIGN_OPTION_NAMES) {
      assert.equal(values[option], optionsAtDefault[option], option);
    }
    assert.deepEqual(withoutOptionFields(values), {
      name: '',
      message: '',
      channel: 'teams',
      listId: 'all-users',
      timeZone: 'Europe/Paris',
      startDate: '',
      durationDays: '',
      hours: '09:00-18:00',
      weekdays: '1,2,3,4,5',
      presencePolicy: 'ignore',
    });
  });

  it('asks the presence policy only with a presence source', () => {
    assert.deepEqual(formFields({ presenceConfigured: true }), [...CAMPAIGN_FIELDS]);
    assert.deepEqual(
      formFields({ presenceConfigured: false }),
      CAMPAIGN_FIELDS.filter((field) => field !== 'presencePolicy'),
    );
  });

  it('judges the start date in the default zone while the form zone is wrong, and reports both', () => {
    const values = { ...formValuesOf(aCampaignDraft()), timeZone: 'EST', startDate: '2026-11-30' };
    const result = validateCampaignDraft(values, {
      now: NOW,
      presenceConfigured: true,
      defaultTimeZone: 'Europe/Paris',
    });
    assert.deepEqual(!result.ok && result.errors.map((error) => error.field), [
      'timeZone',
      'startDate',
    ]);
    // Without a default zone the start date waits for a valid zone.
    const alone = validateCampaignDraft(values, { now: NOW, presenceConfigured: true });
    assert.deepEqual(!alone.ok && alone.errors.map((error) => error.field), ['timeZone']);
  });
});
