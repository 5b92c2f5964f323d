import assert from 'node:assert/strict';
import type { DateTime } from 'luxon';
import type { Campaign } from '../../src/domain/campaign.js';
import {
  decideAttempt,
  sendingHours,
  type AttemptDecision,
  type AttemptFacts,
} from '../../src/domain/attemptDecision.js';
import type { LadderPosition } from '../../src/domain/delivery.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import type { PresenceClass } from '../../src/domain/presencePolicy.js';
import { aCampaignDraft, savedCampaign } from '../support/fixtures.js';
import { always, paris } from './parisTime.js';

/** Monday 7 to Wednesday 9 December 2026, 09:00–18:00 Mon–Fri in Paris, sent when Available. */
function running(overrides: Partial<Campaign> = {}): Campaign {
  const draft = aCampaignDraft({ durationDays: 3, presencePolicy: 'available' });
  const saved = { id: 'c1', tenantId: 't1', status: 'running' as const, authorUserId: 'a', at: 0 };
  return { ...savedCampaign(draft, saved), ...overrides };
}

const user: ReachableUser = {
  id: 'msteams:u1',
  tenantId: 't1',
  channel: 'teams',
  botChannelId: 'msteams',
  aadObjectId: '00000000-0000-0000-0000-000000000001',
  conversationReference: {},
  firstSeenAt: 0,
  lastSeenAt: 0,
};

interface Case {
  title: string;
  /** Defaults to `running()`. */
  campaign?: Campaign | null;
  dueAt: string;
  now: string;
  position?: LadderPosition;
  user?: ReachableUser | null;
  presenceConfigured?: boolean;
  presence?: PresenceClass;
  expected: Record<string, unknown>;
}

function decide(c: Case): AttemptDecision {
  const campaign = c.campaign === undefined ? running() : c.campaign;
  const now = paris(c.now);
  const facts: AttemptFacts = {
    delivery: { ...(c.position ?? { dayCycle: 1, step: 0 }), dueAt: paris(c.dueAt).toMillis() },
    campaign,
    hours: campaign && sendingHours(campaign, now),
    user: c.user === null ? undefined : (c.user ?? user),
    presenceConfigured: c.presenceConfigured ?? true,
    presence: c.presence,
    now,
    // Moves to another day land in the middle of its window: 09:00 + 4 h 30 = 13:30.
    rng: always(0.5),
  };
  return decideAttempt(facts);
}

/** The decision with its instants as ISO strings in Paris time. */
function shown(decision: AttemptDecision): Record<string, unknown> {
  const iso = (t: DateTime) => t.setZone('Europe/Paris').toISO();
  switch (decision.kind) {
    case 'send':
      return { send: iso(decision.sendBefore) };
    case 'retry':
      return { retry: iso(decision.dueAt), position: decision.position };
    case 'defer':
      return { defer: iso(decision.dueAt), reason: decision.reason };
    default:
      return { [decision.kind]: decision.reason };
  }
}

const cases: Case[] = [
  {
    title: 'Available inside working hours: send, before closing time',
    dueAt: '2026-12-07T14:27',
    now: '2026-12-07T14:27:02',
    presence: 'available',
    expected: { send: '2026-12-07T18:00:00.000+01:00' },
  },
  {
    title: 'absent at T: retry at T + 10 min, counted from the planned time, not the late round',
    dueAt: '2026-12-07T14:27',
    now: '2026-12-07T14:29:40',
    presence: 'absent',
    expected: { retry: '2026-12-07T14:37:00.000+01:00', position: { dayCycle: 1, step: 1 } },
  },
  {
    title: 'absent at T + 10 min: retry at the next full hour',
    dueAt: '2026-12-07T14:37',
    now: '2026-12-07T14:37',
    position: { dayCycle: 1, step: 1 },
    presence: 'busy',
    expected: { retry: '2026-12-07T15:00:00.000+01:00', position: { dayCycle: 1, step: 2 } },
  },
  {
    title: 'absent at the full hour: the next working day, new random time, next cycle',
    dueAt: '2026-12-07T15:00',
    now: '2026-12-07T15:00',
    position: { dayCycle: 1, step: 2 },
    presence: 'away',
    expected: { retry: '2026-12-08T13:30:00.000+01:00', position: { dayCycle: 2, step: 0 } },
  },
  {
    title: 'absent on the last rung of the third cycle: unscheduled, ladder exhausted',
    dueAt: '2026-12-09T15:00',
    now: '2026-12-09T15:00',
    position: { dayCycle: 3, step: 2 },
    presence: 'absent',
    expected: { unschedule: 'ladder-exhausted' },
  },
  {
    title: 'absent on the last day with no working day left: unscheduled, campaign ended',
    dueAt: '2026-12-09T17:30',
    now: '2026-12-09T17:30',
    position: { dayCycle: 1, step: 1 },
    presence: 'absent',
    expected: { unschedule: 'campaign-ended' },
  },
  {
    title: 'Away under "available, away or busy": send',
    campaign: running({ presencePolicy: 'available-away-busy' }),
    dueAt: '2026-12-07T10:00',
    now: '2026-12-07T10:00',
    presence: 'away',
    expected: { send: '2026-12-07T18:00:00.000+01:00' },
  },
  {
    title: 'out of office at T: the next working day at a random time, same rung, not a retry',
    dueAt: '2026-12-07T14:27',
    now: '2026-12-07T14:27',
    presence: 'out-of-office',
    expected: { defer: '2026-12-08T13:30:00.000+01:00', reason: 'out-of-office' },
  },
  {
    title: 'out of office on the last rung of the third cycle: postponed, not ladder-exhausted',
    campaign: running({ durationDays: 14 }),
    dueAt: '2026-12-09T15:00',
    now: '2026-12-09T15:00',
    position: { dayCycle: 3, step: 2 },
    presence: 'out-of-office',
    expected: { defer: '2026-12-10T13:30:00.000+01:00', reason: 'out-of-office' },
  },
  {
    title: 'out of office on a Friday: Monday, the next working day',
    campaign: running({ durationDays: 14 }),
    dueAt: '2026-12-11T10:00',
    now: '2026-12-11T10:00',
    presence: 'out-of-office',
    expected: { defer: '2026-12-14T13:30:00.000+01:00', reason: 'out-of-office' },
  },
  {
    title: 'out of office on the last working day: unscheduled, out of office',
    dueAt: '2026-12-09T10:00',
    now: '2026-12-09T10:00',
    presence: 'out-of-office',
    expected: { unschedule: 'out-of-office' },
  },
  {
    title: 'out of office under "available, away or busy" too: postponed, never sent',
    campaign: running({ presencePolicy: 'available-away-busy' }),
    dueAt: '2026-12-07T10:00',
    now: '2026-12-07T10:00',
    presence: 'out-of-office',
    expected: { defer: '2026-12-08T13:30:00.000+01:00', reason: 'out-of-office' },
  },
  {
    title: 'presence could not be read: deferred a minute on the same rung',
    dueAt: '2026-12-07T10:00',
    now: '2026-12-07T10:00:05',
    position: { dayCycle: 2, step: 1 },
    expected: { defer: '2026-12-07T10:01:05.000+01:00', reason: 'presence-unavailable' },
  },
  {
    title: 'no presence source configured: the policy cannot apply, send',
    dueAt: '2026-12-07T10:00',
    now: '2026-12-07T10:00',
    presenceConfigured: false,
    expected: { send: '2026-12-07T18:00:00.000+01:00' },
  },
  {
    title: 'a user Graph cannot know (no AAD id): send',
    dueAt: '2026-12-07T10:00',
    now: '2026-12-07T10:00',
    user: { ...user, aadObjectId: undefined },
    expected: { send: '2026-12-07T18:00:00.000+01:00' },
  },
  {
    title: 'the reachable user is gone: failed',
    dueAt: '2026-12-07T10:00',
    now: '2026-12-07T10:00',
    user: null,
    expected: { fail: 'user-not-found' },
  },
  {
    title: 'found after closing time: the next working day, same rung, whatever the presence',
    dueAt: '2026-12-07T17:55',
    now: '2026-12-07T19:30',
    position: { dayCycle: 1, step: 1 },
    presence: 'available',
    expected: { defer: '2026-12-08T13:30:00.000+01:00', reason: 'outside-working-hours' },
  },
  {
    title: 'due two seconds before closing, found five after: the next working day, same rung',
    dueAt: '2026-12-08T17:59:58',
    now: '2026-12-08T18:00:05',
    presence: 'available',
    expected: { defer: '2026-12-09T13:30:00.000+01:00', reason: 'outside-working-hours' },
  },
  {
    title: 'the same on the last working day: unscheduled as never attempted',
    dueAt: '2026-12-09T17:59:58',
    now: '2026-12-09T18:00:05',
    presence: 'available',
    expected: { unschedule: 'closed-before-attempt' },
  },
  {
    title: 'found before opening time: later the same day',
    dueAt: '2026-12-08T08:00',
    now: '2026-12-08T08:59:59',
    presence: 'available',
    expected: { defer: '2026-12-08T13:30:00.000+01:00', reason: 'outside-working-hours' },
  },
  {
    title: 'found on a weekend inside the campaign: Monday',
    campaign: running({ durationDays: 14 }),
    dueAt: '2026-12-11T17:59',
    now: '2026-12-12T10:00',
    presence: 'available',
    expected: { defer: '2026-12-14T13:30:00.000+01:00', reason: 'outside-working-hours' },
  },
  {
    title: 'the campaign is over (its last day ended at midnight): unscheduled',
    dueAt: '2026-12-09T17:00',
    now: '2026-12-10T00:00',
    presence: 'available',
    expected: { unschedule: 'campaign-ended' },
  },
  {
    title: 'the campaign finished early: unscheduled, even inside working hours',
    campaign: running({ status: 'finished' }),
    dueAt: '2026-12-07T10:00',
    now: '2026-12-07T10:00',
    presence: 'available',
    expected: { unschedule: 'campaign-ended' },
  },
  {
    title: 'the campaign is gone: unscheduled',
    campaign: null,
    dueAt: '2026-12-07T10:00',
    now: '2026-12-07T10:00',
    presence: 'available',
    expected: { unschedule: 'campaign-ended' },
  },
];

describe('decideAttempt: what happens to a due delivery at a given instant', () => {
  for (const c of cases) {
    it(c.title, () => {
      assert.deepEqual(shown(decide(c)), c.expected);
    });
  }
});
