import assert from 'node:assert/strict';
import { option, optionsWithDefaults } from '../../src/domain/campaignOptions.js';
import type { Validation } from '../../src/domain/campaignValidation.js';

const onOff = (text: string): Validation<boolean> =>
  text === 'on' || text === 'off'
    ? { ok: true, value: text === 'on' }
    : { ok: false, error: 'Accepted: on or off.' };

const count = (text: string): Validation<number> =>
  /^[0-2]$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, error: 'Accepted: 0-2.' };

/** Two options of the kind the next issues bring. */
const DECLARED = {
  acknowledgement: option({ default: false, parse: onOff }),
  reminders: option({ default: 0, parse: count }),
};

describe('campaign options read from storage', () => {
  it('a campaign saved before any option existed reads every option at its default', () => {
    assert.deepEqual(optionsWithDefaults(DECLARED, undefined), {
      acknowledgement: false,
      reminders: 0,
    });
    assert.deepEqual(optionsWithDefaults(DECLARED, {}), { acknowledgement: false, reminders: 0 });
  });

  it('keeps the values saved, and gives the default only to the options saved without one', () => {
    assert.deepEqual(optionsWithDefaults(DECLARED, { acknowledgement: true }), {
      acknowledgement: true,
      reminders: 0,
    });
    assert.deepEqual(optionsWithDefaults(DECLARED, { acknowledgement: true, reminders: 2 }), {
      acknowledgement: true,
      reminders: 2,
    });
  });

  it('keeps an option a newer version saved, so that a save by this version does not erase it', () => {
    assert.deepEqual(optionsWithDefaults(DECLARED, { reminders: 1, whoseHours: 'recipient' }), {
      acknowledgement: false,
      reminders: 1,
      whoseHours: 'recipient',
    });
  });

  it('reads something that is not a record of options as every option at its default', () => {
    for (const stored of [null, 'on', 3, ['on']]) {
      assert.deepEqual(optionsWithDefaults(DECLARED, stored), {
        acknowledgement: false,
        reminders: 0,
      });
    }
  });
});
