import assert from 'node:assert/strict';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import { DateTime, IANAZone } from 'luxon';
import type { Campaign, WorkingHours } from '../../src/domain/campaign.js';
import { decideAttempt, sendingHours } from '../../src/domain/attemptDecision.js';
import { planFirstAttemptsByHours } from '../../src/domain/firstAttempt.js';
import { recipientHoursFromMailbox } from '../../src/domain/mailboxWorkingHours.js';
import { seededRng } from '../../src/domain/random.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import {
  campaignEnd,
  describeRecipientHours,
  describeRecipientHoursCounts,
  scheduleFor,
  startInstant,
  type RecipientHours,
} from '../../src/domain/recipientHours.js';
import { ianaZoneOf } from '../../src/domain/timeZoneNames.js';
import { WINDOWS_TO_IANA } from '../../src/domain/windowsZoneTable.js';
import { aCampaignDraft, savedCampaign } from '../support/fixtures.js';

const weekdays: WorkingHours['weekdays'] = [1, 2, 3, 4, 5];
const newYork: WorkingHours = {
  open: '09:00',
  close: '17:00',
  weekdays,
  timeZone: 'America/New_York',
};
const singapore: WorkingHours = {
  open: '08:30',
  close: '17:30',
  weekdays,
  timeZone: 'Asia/Singapore',
};
const own = (hours: WorkingHours): RecipientHours => ({ source: 'own', hours });
const user: ReachableUser = {
  id: 'msteams:u1',
  tenantId: 't-1',
  channel: 'teams',
  botChannelId: 'msteams',
  aadObjectId: '00000000-0000-0000-0000-000000000001',
  conversationReference: {},
  firstSeenAt: 0,
  lastSeenAt: 0,
};

/** Paris office hours, Monday 7 – Friday 11 December 2026, with each recipient's hours. */
function aCampaign(overrides: Partial<Campaign> = {}): Campaign {
  return savedCampaign(
    aCampaignDraft({
      options: { ...defaultCampaignOptions(), recipientHours: true },
      durationDays: 1,
      ...overrides,
    }),
    { id: 'c-1', tenantId: 't-1', status: 'running', authorUserId: 'u-admin', at: 0 },
  );
}

describe('time zone names from Exchange: IANA or Windows (CLDR)', () => {
  it('maps Windows names to their CLDR territory-001 zone, whatever their case', () => {
    assert.equal(ianaZoneOf('Romance Standard Time'), 'Europe/Paris');
    assert.equal(ianaZoneOf('Eastern Standard Time'), 'America/New_York');
    assert.equal(ianaZoneOf('Singapore Standard Time'), 'Asia/Singapore');
    assert.equal(ianaZoneOf('Chatham Islands Standard Time'), 'Pacific/Chatham');
    assert.equal(ianaZoneOf('romance standard time'), 'Europe/Paris');
    assert.equal(ianaZoneOf(' UTC '), 'Etc/UTC');
  });

  it('keeps IANA names, and knows no made-up or custom zone', () => {
    assert.equal(ianaZoneOf('Asia/Singapore'), 'Asia/Singapore');
    assert.equal(ianaZoneOf('America/New_York'), 'America/New_York');
    assert.equal(ianaZoneOf('Customized Time Zone'), null);
    assert.equal(ianaZoneOf('Mars/Olympus_Mons'), null);
    assert.equal(ianaZoneOf(''), null);
  });

  it('maps every Windows zone of the table to a zone this runtime knows', () => {
    const unknown = Object.entries(WINDOWS_TO_IANA).filter(
      ([, iana]) => !IANAZone.isValidZone(iana),
    );
    assert.deepEqual(unknown, []);
    assert.ok(Object.keys(WINDOWS_TO_IANA).length > 130);
  });
});

describe('mailbox settings → the recipient’s working hours', () => {
  it('reads days, hours and the Windows zone inside workingHours.timeZone', () => {
    const hours = recipientHoursFromMailbox({
      timeZone: 'Romance Standard Time',
      workingHours: {
        daysOfWeek: ['friday', 'monday', 'tuesday', 'wednesday', 'thursday', 'monday'],
        startTime: '08:00:00.0000000',
        endTime: '17:30:00.0000000',
        timeZone: { name: 'Romance Standard Time' },
      },
    });
    assert.deepEqual(hours, {
      source: 'own',
      hours: { open: '08:00', close: '17:30', weekdays, timeZone: 'Europe/Paris' },
    });
  });

  it('takes the hours’ own zone over the mailbox’s, and the mailbox’s when the hours have none', () => {
    const working = {
      daysOfWeek: ['sunday', 'saturday'],
      startTime: '10:00:00',
      endTime: '14:00:00',
    };
    const travelling = recipientHoursFromMailbox({
      timeZone: 'Asia/Singapore',
      workingHours: { ...working, timeZone: { name: 'Eastern Standard Time' } },
    });
    assert.deepEqual(travelling, {
      source: 'own',
      hours: { open: '10:00', close: '14:00', weekdays: [6, 7], timeZone: 'America/New_York' },
    });
    const noHoursZone = recipientHoursFromMailbox({
      timeZone: 'Asia/Singapore',
      workingHours: working,
    });
    assert.equal(noHoursZone.source === 'own' && noHoursZone.hours.timeZone, 'Asia/Singapore');
  });

  it('gives the campaign’s hours, saying why, to a custom zone or no usable working hours', () => {
    const hours = { daysOfWeek: ['monday'], startTime: '09:00:00', endTime: '17:00:00' };
    const cases: [unknown, string][] = [
      [
        { workingHours: { ...hours, timeZone: { name: 'Customized Time Zone' } } },
        'unknown-time-zone',
      ],
      [{ workingHours: hours }, 'unknown-time-zone'],
      [
        { timeZone: 'Europe/Paris', workingHours: { ...hours, daysOfWeek: [] } },
        'no-working-hours',
      ],
      [{ timeZone: 'Europe/Paris' }, 'no-working-hours'],
      [{ timeZone: 'Europe/Paris', workingHours: null }, 'no-working-hours'],
      [
        {
          timeZone: 'Europe/Paris',
          workingHours: { ...hours, startTime: '22:00:00', endTime: '06:00:00' },
        },
        'no-working-hours',
      ],
      [
        { timeZone: 'Europe/Paris', workingHours: { ...hours, endTime: 'late' } },
        'no-working-hours',
      ],
      [undefined, 'no-working-hours'],
    ];
    for (const [settings, reason] of cases) {
      assert.deepEqual(
        recipientHoursFromMailbox(settings),
        { source: 'campaign', reason },
        JSON.stringify(settings),
      );
    }
  });
});

describe('each delivery’s schedule: the recipient’s own hours on their local dates', () => {
  const campaign = aCampaign();
  // Sunday 6 December 2026 20:00 UTC: Monday has begun in Singapore, not yet in Paris or New York.
  const now = DateTime.fromISO('2026-12-06T20:00:00Z');

  it('draws each first attempt inside the recipient’s own window on the start date, the campaign’s for the others', () => {
    const recipients: (RecipientHours | undefined)[] = [
      own(newYork),
      own(singapore),
      { source: 'campaign', reason: 'no-mailbox' },
      undefined,
    ];
    for (let seed = 0; seed < 200; seed++) {
      const [ny, sg, fallback, none] = planFirstAttemptsByHours(
        campaign,
        now,
        seededRng(seed),
        recipients,
      );
      const local = (ms: number | null | undefined, zone: string) =>
        DateTime.fromMillis(ms!, { zone });
      const inWindow = (at: DateTime, open: string, close: string) =>
        at.toISODate() === '2026-12-07' &&
        at.toFormat('HH:mm') >= open &&
        at.toFormat('HH:mm') < close;
      assert.ok(inWindow(local(ny, 'America/New_York'), '09:00', '17:00'), `New York ${ny}`);
      assert.ok(inWindow(local(sg, 'Asia/Singapore'), '08:30', '17:30'), `Singapore ${sg}`);
      assert.ok(
        inWindow(local(fallback, 'Europe/Paris'), '09:00', '18:00'),
        `fallback ${fallback}`,
      );
      assert.ok(inWindow(local(none, 'Europe/Paris'), '09:00', '18:00'), `none ${none}`);
    }
  });

  it('runs the retry ladder in the recipient’s zone: absent at closing, the next cycle is their next working day', () => {
    const delivery = { dayCycle: 1, step: 0, recipientHours: own(newYork) };
    // Monday 16:55 in New York (22:55 in Paris, long after the campaign's own closing).
    const attemptAt = DateTime.fromISO('2026-12-07T16:55:00', { zone: 'America/New_York' });
    const twoDays = scheduleFor(aCampaign({ durationDays: 2 }), delivery);
    const absent = decideAttempt({
      delivery: { ...delivery, dueAt: attemptAt.toMillis() },
      campaign: twoDays,
      hours: sendingHours(twoDays, attemptAt),
      user,
      presenceConfigured: true,
      presence: 'absent',
      now: attemptAt,
      rng: seededRng(1),
    });
    assert.equal(absent.kind, 'retry');
    const next = absent.kind === 'retry' ? absent.dueAt.setZone('America/New_York') : null;
    assert.equal(next?.toISODate(), '2026-12-08');
    assert.ok(next!.toFormat('HH:mm') >= '09:00' && next!.toFormat('HH:mm') < '17:00');
  });

  it('sends to a New York recipient at 13:00 their time, after the campaign’s own day closed in Paris', () => {
    const at = DateTime.fromISO('2026-12-07T13:00:00', { zone: 'America/New_York' });
    const decide = (delivery: { recipientHours?: RecipientHours }) => {
      const schedule = scheduleFor(campaign, delivery);
      return decideAttempt({
        delivery: { dayCycle: 1, step: 0, dueAt: at.toMillis() },
        campaign: schedule,
        hours: sendingHours(schedule, at),
        user,
        presenceConfigured: false,
        presence: undefined,
        now: at,
        rng: seededRng(1),
      });
    };
    assert.equal(decide({ recipientHours: own(newYork) }).kind, 'send');
    // 19:00 in Paris: the last day of the campaign's own hours has closed.
    assert.deepEqual(decide({ recipientHours: { source: 'campaign', reason: 'no-mailbox' } }), {
      kind: 'unschedule',
      reason: 'closed-before-attempt',
    });
  });

  it('starts as soon as the start date begins anywhere and ends once it is over everywhere', () => {
    const saved = DateTime.fromISO('2026-12-01T12:00:00Z');
    const firstSend = DateTime.fromISO('2026-12-07T09:00:00', { zone: 'Europe/Paris' });
    assert.equal(
      startInstant(campaign, firstSend, saved).toUTC().toISO(),
      '2026-12-06T10:00:00.000Z',
    );
    assert.equal(campaignEnd(campaign).toUTC().toISO(), '2026-12-08T12:00:00.000Z');
    const campaignsHours = aCampaign({
      options: { ...defaultCampaignOptions(), recipientHours: false },
    });
    assert.equal(startInstant(campaignsHours, firstSend, saved), firstSend);
    assert.equal(campaignEnd(campaignsHours).toUTC().toISO(), '2026-12-07T23:00:00.000Z');
  });
});

describe('whose hours the report says recipients got', () => {
  it('counts own hours and the campaign’s by reason, most frequent first', () => {
    assert.equal(
      describeRecipientHoursCounts({
        own: 812,
        campaign: { 'not-permitted': 9, 'no-mailbox': 31 },
      }),
      "Own working hours: 812 · campaign's hours: 40 (no mailbox 31, not permitted 9)",
    );
    assert.equal(
      describeRecipientHoursCounts({ own: 3, campaign: {} }),
      "Own working hours: 3 · campaign's hours: 0",
    );
  });

  it('describes one delivery’s hours for the CSV', () => {
    assert.equal(
      describeRecipientHours(own(singapore)),
      'own: Asia/Singapore Mon Tue Wed Thu Fri 08:30–17:30',
    );
    assert.equal(
      describeRecipientHours({ source: 'campaign', reason: 'not-permitted' }),
      "campaign's: not permitted",
    );
  });
});
