import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import {
  validateChannel,
  validateClockTime,
  validateDuration,
  validateMessage,
  validateName,
  validateOpeningHours,
  validateOpeningHoursRange,
  validatePresencePolicy,
  validateStartDate,
  validateTimeZone,
  validateWeekdays,
  type Validation,
} from '../../src/domain/campaignValidation.js';
import {
  newFormValues,
  validateCampaignDraft,
  type FormValues,
} from '../../src/domain/campaignFields.js';
import { canDelete, canEdit, deleteRefusal, editRefusal } from '../../src/domain/lifecycle.js';
import { aCampaignDraft } from '../support/fixtures.js';

type Expectation<T> = { value: T } | { error: RegExp };

function check<T>(result: Validation<T>, expected: Expectation<T>): void {
  if ('value' in expected) {
    assert.deepEqual(result, { ok: true, value: expected.value });
  } else {
    assert.equal(result.ok, false, `expected an error, got ${JSON.stringify(result)}`);
    if (!result.ok) {
      assert.match(result.error, expected.error);
      assert.match(result.error, /Accepted:/, 'the error says what is accepted');
    }
  }
}

function table<I, T>(
  title: string,
  validate: (input: I) => Validation<T>,
  cases: [I, Expectation<T>][],
): void {
  describe(title, () => {
    for (const [input, expected] of cases) {
      const outcome = 'value' in expected ? `→ ${JSON.stringify(expected.value)}` : 'refused';
      it(`${JSON.stringify(input)} ${outcome}`, () => check(validate(input), expected));
    }
  });
}

describe('campaign validation', () => {
  table('name', validateName, [
    ['  Spring sale  ', { value: 'Spring sale' }],
    ['x'.repeat(80), { value: 'x'.repeat(80) }],
    ['x'.repeat(81), { error: /81 characters long.*1 to 80/ }],
    ['   ', { error: /empty/ }],
  ]);

  table('message', validateMessage, [
    ['Hello {{firstName}}, **sale**!', { value: 'Hello {{firstName}}, **sale**!' }],
    ['x'.repeat(4000), { value: 'x'.repeat(4000) }],
    ['x'.repeat(4001), { error: /4001 characters long/ }],
    ['', { error: /empty/ }],
    [
      'Hi {{FirstName}} {{ email }}',
      { error: /unknown placeholders \{\{FirstName\}\}, \{\{ email \}\}/ },
    ],
  ]);

  table('channel', validateChannel, [
    ['Teams', { value: 'teams' }],
    [' SKYPE ', { value: 'skype' }],
    ['slack', { error: /"slack" is not a channel.*Teams or Skype/ }],
  ]);

  // 23:30 UTC on 6 Dec is already 7 Dec in Paris: "today" is judged in the campaign zone.
  const now = DateTime.fromISO('2026-12-06T23:30:00Z');
  table(
    'start date (Europe/Paris)',
    (input: string) => validateStartDate(input, { now, timeZone: 'Europe/Paris' }),
    [
      ['2026-12-07', { value: '2026-12-07' }],
      ['08/12/2026', { value: '2026-12-08' }],
      ['8/12/2026', { value: '2026-12-08' }],
      ['today', { value: '2026-12-07' }],
      ['Tomorrow', { value: '2026-12-08' }],
      ['2026-12-06', { error: /2026-12-06 is in the past.*today \(2026-12-07 in Europe\/Paris\)/ }],
      ['2026-13-01', { error: /is not a date/ }],
      ['next week', { error: /is not a date/ }],
      ['  ', { error: /^missing\. Accepted: today/ }],
    ],
  );
  table(
    'start date (America/New_York)',
    (input: string) => validateStartDate(input, { now, timeZone: 'America/New_York' }),
    [['2026-12-06', { value: '2026-12-06' }]],
  );

  table('duration', validateDuration, [
    ['1', { value: 1 }],
    [30, { value: 30 }],
    [' 5 days ', { value: 5 }],
    ['0', { error: /0 is out of range.*1 to 30/ }],
    ['', { error: /^missing\. Accepted: a whole number/ }],
    ['31', { error: /31 is out of range/ }],
    ['2.5', { error: /not a whole number/ }],
    ['five', { error: /not a whole number/ }],
  ]);

  table('clock time', validateClockTime, [
    ['09:00', { value: '09:00' }],
    ['9:00', { value: '09:00' }],
    ['09h30', { value: '09:30' }],
    ['18h', { value: '18:00' }],
    ['23:59', { value: '23:59' }],
    ['24:00', { error: /not a time/ }],
    ['9', { error: /not a time/ }],
    ['9:5', { error: /not a time/ }],
  ]);

  table('opening hours', ([open, close]: [string, string]) => validateOpeningHours(open, close), [
    [['9:00', '18h'], { value: { open: '09:00', close: '18:00' } }],
    [['18:00', '09:00'], { error: /closing time 09:00 is not after opening time 18:00/ }],
    [['09:00', '09:00'], { error: /not after opening/ }],
    [['nine', '18:00'], { error: /opening time "nine" is not a time/ }],
    [['09:00', ''], { error: /closing time missing\. Accepted: a 24-hour time/ }],
  ]);

  table('opening hours typed as one answer', validateOpeningHoursRange, [
    ['09:00-18:00', { value: { open: '09:00', close: '18:00' } }],
    ['9h to 17h30', { value: { open: '09:00', close: '17:30' } }],
    ['8:00 – 12:00', { value: { open: '08:00', close: '12:00' } }],
    ['09:00', { error: /not an opening and a closing time/ }],
  ]);

  table('weekdays', validateWeekdays, [
    ['Mon-Fri', { value: [1, 2, 3, 4, 5] }],
    ['mon, wed ,friday', { value: [1, 3, 5] }],
    ['Sat - Mon', { value: [1, 6, 7] }],
    ['tues;thurs', { value: [2, 4] }],
    ['1,2,2,7', { value: [1, 2, 7] }],
    [['6', '7'], { value: [6, 7] }],
    ['', { error: /no day was given/ }],
    ['Mon-Fry', { error: /"mon-fry" is not a weekday/ }],
    ['mo', { error: /"mo" is not a weekday/ }],
    ['8', { error: /"8" is not a weekday/ }],
  ]);

  table('time zone', validateTimeZone, [
    ['Europe/Paris', { value: 'Europe/Paris' }],
    ['europe/paris', { value: 'Europe/Paris' }],
    ['UTC', { value: 'UTC' }],
    ['Mars/Olympus', { error: /"Mars\/Olympus" is not a known time zone/ }],
    ['+02:00', { error: /not a known time zone/ }],
  ]);

  table(
    'presence policy with presence configured',
    (input: string) => validatePresencePolicy(input, true),
    [
      ['available', { value: 'available' }],
      ['Available-Away-Busy', { value: 'available-away-busy' }],
      ['ignore', { error: /not a presence policy/ }],
    ],
  );
  table(
    'presence policy without presence',
    (input: string) => validatePresencePolicy(input, false),
    [
      ['available', { value: 'ignore' }],
      ['', { value: 'ignore' }],
    ],
  );

  describe('validateCampaignDraft', () => {
    const input: FormValues = {
      // The form's defaults, then raw answers as typed.
      ...newFormValues({ channel: 'skype', timeZone: 'UTC', presenceConfigured: true }),
      name: ' Launch ',
      message: 'Hi {{firstName}}',
      channel: 'Teams',
      listId: 'all-users',
      startDate: '2026-12-07',
      durationDays: '5',
      hours: '9:00-18:00',
      weekdays: 'Mon-Fri',
      timeZone: 'Europe/Paris',
      presencePolicy: 'available',
    };
    const ctx = { now: DateTime.fromISO('2026-12-01T10:00:00Z'), presenceConfigured: true };

    it('returns the normalised draft when every field is valid', () => {
      assert.deepEqual(validateCampaignDraft(input, ctx), {
        ok: true,
        // The draft defaults are this input normalised: 'teams', 5 days, 09:00–18:00, [1, 2, 3, 4, 5].
        value: aCampaignDraft({ name: 'Launch', message: 'Hi {{firstName}}' }),
      });
    });

    it('reports every faulty field', () => {
      const result = validateCampaignDraft(
        { ...input, name: '', durationDays: '0', hours: '9:00-08:00', weekdays: 'noday' },
        ctx,
      );
      assert.equal(result.ok, false);
      assert.deepEqual(!result.ok && result.errors.map((error) => error.field), [
        'name',
        'durationDays',
        'hours',
        'weekdays',
      ]);
    });

    it('refuses a period without any working weekday', () => {
      // 2026-12-05 is a Saturday: one day from it has no Mon–Fri day.
      const result = validateCampaignDraft(
        { ...input, startDate: '2026-12-05', durationDays: '1' },
        ctx,
      );
      assert.equal(result.ok, false);
      assert.match(
        !result.ok ? (result.errors[0]?.error ?? '') : '',
        /contains no working weekday/,
      );
    });

    it('says so when a daylight-saving change leaves the only working day without hours', () => {
      // Paris jumps 02:00 → 03:00 on Sunday 2027-03-28: 02:00–03:00 opens at 03:00 and closes then.
      const result = validateCampaignDraft(
        {
          ...input,
          startDate: '2027-03-28',
          durationDays: '1',
          hours: '02:00-03:00',
          weekdays: 'Sun',
        },
        ctx,
      );
      assert.equal(result.ok, false);
      assert.match(
        !result.ok ? (result.errors[0]?.error ?? '') : '',
        /^during 1 day from 2027-03-28, the daylight-saving change of Europe\/Paris moves the opening \(02:00\) to or past the closing \(03:00\)/,
      );
    });

    it('forces the ignore policy when presence is not configured', () => {
      const result = validateCampaignDraft(input, { ...ctx, presenceConfigured: false });
      assert.equal(result.ok && result.value.presencePolicy, 'ignore');
    });
  });

  describe('lifecycle', () => {
    const cases = [
      { status: 'draft', edit: true, remove: true },
      { status: 'scheduled', edit: true, remove: true },
      { status: 'running', edit: false, remove: false },
      { status: 'finished', edit: false, remove: true },
    ] as const;
    for (const { status, edit, remove } of cases) {
      it(`${status}: ${edit ? 'editable' : 'not editable'}, ${remove ? 'deletable' : 'not deletable'}`, () => {
        assert.equal(canEdit(status), edit);
        assert.equal(canDelete(status), remove);
        assert.equal(editRefusal(status) === null, edit);
        assert.equal(deleteRefusal(status) === null, remove);
      });
    }

    it('says why a running campaign cannot be touched', () => {
      const reason =
        'it is running: a running campaign can be neither modified nor cancelled; its information and report stay available';
      assert.equal(editRefusal('running'), reason);
      assert.equal(deleteRefusal('running'), reason);
    });
  });
});
