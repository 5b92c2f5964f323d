import assert from 'node:assert/strict';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { validateReminders } from '../../src/domain/campaignValidation.js';
import { reminderMessage } from '../../src/domain/reminderMessage.js';
import {
  checkReminder,
  describeReminderSchedule,
  nextReminder,
  reactionBeforeReminder,
  reminderId,
  type ReminderFacts,
} from '../../src/domain/reminders.js';
import { addWorkingTime } from '../../src/domain/workingTime.js';
import { aCampaignDraft, parisOfficeHours, savedCampaign } from '../support/fixtures.js';
import { paris } from './parisTime.js';

const HOUR = 3_600_000;
const officeHours = parisOfficeHours(); // 09:00–18:00, Monday to Friday
const fourHours = { count: 2, afterHours: 4 } as const;

describe('reminders', () => {
  describe('working time after a send', () => {
    const cases: { title: string; from: string; hours: number; due: string }[] = [
      { title: 'within the day', from: '2026-12-07T10:00', hours: 4, due: '2026-12-07T14:00' },
      { title: 'across the night', from: '2026-12-07T16:00', hours: 4, due: '2026-12-08T11:00' },
      { title: 'across a weekend', from: '2026-12-11T15:00', hours: 4, due: '2026-12-14T10:00' },
      {
        title: 'landing on closing time moves to the next opening',
        from: '2026-12-07T14:00',
        hours: 4,
        due: '2026-12-08T09:00',
      },
      {
        title: 'a send before opening counts from the opening',
        from: '2026-12-07T07:00',
        hours: 2,
        due: '2026-12-07T11:00',
      },
      {
        title: 'a send on a Saturday counts from Monday',
        from: '2026-12-12T10:00',
        hours: 1,
        due: '2026-12-14T10:00',
      },
      {
        title: 'a whole working week',
        from: '2026-12-07T09:00',
        hours: 40,
        due: '2026-12-11T13:00',
      },
      {
        title: 'across the spring daylight-saving night (hours stay at the wall clock)',
        from: '2026-03-27T17:00',
        hours: 2,
        due: '2026-03-30T10:00',
      },
    ];
    for (const c of cases) {
      it(`${c.title}: ${c.hours} h from ${c.from} → ${c.due}`, () => {
        const due = addWorkingTime(paris(c.from), c.hours * HOUR, officeHours);
        assert.equal(due.toISO(), paris(c.due).toISO());
      });
    }

    it('counts in the hours it is given (a recipient’s own)', () => {
      const early = { ...officeHours, open: '07:00', close: '15:00' };
      const due = addWorkingTime(paris('2026-12-07T13:00'), 4 * HOUR, early);
      assert.equal(due.toISO(), paris('2026-12-08T09:00').toISO());
    });
  });

  describe('the option as the admin writes it', () => {
    const accepted: [string, string][] = [
      ['off', 'off'],
      ['Off', 'off'],
      ['none', 'off'],
      ['after 4 hours', 'after 4 hours'],
      ['after 1 hour', 'after 1 hour'],
      ['1 after 4h', 'after 4 hours'],
      ['2 after 4 hours', '2 after 4 hours'],
      ['2 reminders after  8 hours', '2 after 8 hours'],
      ['2 after 40 hours', '2 after 40 hours'],
    ];
    for (const [text, kept] of accepted) {
      it(`accepts "${text}" and keeps it as "${kept}"`, () => {
        const parsed = validateReminders(text);
        assert.ok(parsed.ok, !parsed.ok ? parsed.error : '');
        assert.equal(describeReminderSchedule(parsed.value), kept);
        assert.deepEqual(validateReminders(kept), parsed, 'its kept text reads back the same');
      });
    }

    const refused: [string, RegExp][] = [
      ['3 after 4 hours', /^3 reminders: at most 2\. Accepted: "off"; "after N hours"/],
      ['after 0 hours', /^0 hours is out of range\. Accepted:/],
      ['after 41 hours', /^41 hours is out of range\. Accepted:/],
      ['every day', /^"every day" is not a reminder setting\. Accepted:/],
      ['', /^missing\. Accepted:/],
    ];
    for (const [text, error] of refused) {
      it(`refuses "${text}", saying what is accepted`, () => {
        const parsed = validateReminders(text);
        assert.ok(!parsed.ok);
        assert.match(parsed.error, error);
        assert.match(parsed.error, /"2 after N hours".*N from 1 to 40/);
      });
    }
  });

  describe('who still needs a reminder', () => {
    const none = { clicked: false, acknowledgementAsked: false };
    it('someone who did nothing', () => {
      assert.equal(reactionBeforeReminder(none), null);
    });
    it('not someone who read, clicked, or acknowledged when asked to', () => {
      assert.equal(reactionBeforeReminder({ ...none, readAt: 1 }), 'read-before-reminder');
      assert.equal(reactionBeforeReminder({ ...none, clicked: true }), 'clicked-before-reminder');
      assert.equal(
        reactionBeforeReminder({ ...none, acknowledgementAsked: true, acknowledgedAt: 1 }),
        'acknowledged-before-reminder',
      );
    });
    it('an acknowledgement counts only when the campaign asks for one', () => {
      assert.equal(reactionBeforeReminder({ ...none, acknowledgedAt: 1 }), null);
    });
  });

  describe('planning the next reminder', () => {
    const campaign = savedCampaign(
      aCampaignDraft({
        durationDays: 5,
        options: { ...defaultCampaignOptions(), reminders: fourHours },
      }),
      { id: 'c-1', tenantId: 't', status: 'running', authorUserId: 'u', at: 0 },
    );
    const original: Delivery = {
      id: 'd-1',
      campaignId: 'c-1',
      email: 'ann@example.com',
      userId: 'u-1',
      status: 'pending',
      dueAt: 0,
      attempts: 0,
      dayCycle: 2,
      step: 1,
      updatedAt: 0,
    };

    it('plans the first reminder N working hours after the original’s send', () => {
      const first = nextReminder(campaign, original, paris('2026-12-07T16:00'));
      assert.deepEqual(first, {
        id: reminderId('d-1', 1),
        campaignId: 'c-1',
        email: 'ann@example.com',
        userId: 'u-1',
        status: 'pending',
        dueAt: paris('2026-12-08T11:00').toMillis(),
        attempts: 0,
        dayCycle: 1,
        step: 0,
        reminderOf: 'd-1',
        reminderNumber: 1,
        updatedAt: paris('2026-12-07T16:00').toMillis(),
      });
    });

    it('plans the second after the first, and none after the last', () => {
      const first = nextReminder(campaign, original, paris('2026-12-07T16:00'))!;
      const second = nextReminder(campaign, first, paris('2026-12-08T11:00'))!;
      assert.equal(second.id, reminderId('d-1', 2));
      assert.equal(second.reminderOf, 'd-1');
      assert.equal(second.dueAt, paris('2026-12-08T15:00').toMillis());
      assert.equal(nextReminder(campaign, second, paris('2026-12-08T15:00')), null);
      const once = {
        ...campaign,
        options: { ...defaultCampaignOptions(), reminders: { count: 1, afterHours: 4 } as const },
      };
      assert.equal(nextReminder(once, first, paris('2026-12-08T11:00')), null);
    });

    it('plans none that would be due after the campaign’s end, nor for a campaign without', () => {
      // The 5-day campaign ends Saturday 12 December at 00:00.
      assert.equal(nextReminder(campaign, original, paris('2026-12-11T15:00')), null);
      const off = {
        ...campaign,
        options: { ...defaultCampaignOptions(), reminders: 'off' as const },
      };
      assert.equal(nextReminder(off, original, paris('2026-12-07T10:00')), null);
    });
  });

  describe('a due reminder’s check', () => {
    const facts = (overrides: Partial<ReminderFacts>): ReminderFacts => ({
      previous: { status: 'sent', sentAt: paris('2026-12-07T10:00').toMillis() },
      engagement: { clicked: false, acknowledgementAsked: false },
      schedule: fourHours,
      hours: officeHours,
      now: paris('2026-12-07T14:00'),
      ...overrides,
    });

    it('sends once N working hours have passed since the message before', () => {
      assert.deepEqual(checkReminder(facts({})), { kind: 'send' });
    });

    it('waits for N working hours counted from the actual send', () => {
      const check = checkReminder(facts({ now: paris('2026-12-07T13:59') }));
      assert.equal(check.kind, 'wait');
      assert.equal(check.kind === 'wait' && check.dueAt.toISO(), paris('2026-12-07T14:00').toISO());
    });

    it('waits while the message before is not sent yet (a retry, a chat being re-opened)', () => {
      const check = checkReminder(facts({ previous: { status: 'pending' } }));
      // 14:00 + 4 working hours is closing time: the next opening.
      assert.equal(check.kind === 'wait' && check.dueAt.toISO(), paris('2026-12-08T09:00').toISO());
    });

    it('drops it when the recipient read, clicked, or the message before was never sent', () => {
      assert.deepEqual(
        checkReminder(facts({ engagement: { clicked: true, acknowledgementAsked: false } })),
        {
          kind: 'drop',
          reason: 'clicked-before-reminder',
        },
      );
      assert.deepEqual(
        checkReminder(
          facts({ engagement: { readAt: 1, clicked: false, acknowledgementAsked: false } }),
        ),
        { kind: 'drop', reason: 'read-before-reminder' },
      );
      for (const status of ['failed', 'unknown', 'unscheduled'] as const) {
        assert.deepEqual(checkReminder(facts({ previous: { status } })), {
          kind: 'drop',
          reason: 'original-not-sent',
        });
      }
      assert.deepEqual(checkReminder(facts({ previous: null })), {
        kind: 'drop',
        reason: 'original-not-sent',
      });
    });
  });

  it('names the original and repeats it', () => {
    const text = reminderMessage({
      campaignName: 'Spring Sale',
      originalSentAt: paris('2026-12-07T10:05'),
      number: 1,
      count: 2,
      message: 'Hello Ann',
    });
    assert.equal(
      text,
      '**Reminder 1 of 2:** “Spring Sale”, sent Monday 7 December at 10:05.\n\n---\n\nHello Ann',
    );
  });
});
