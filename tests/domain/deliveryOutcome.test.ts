import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import {
  deliveryOutcome,
  REOPENING_CHAT,
  REOPENING_FALLBACK_MS,
  type AttemptEnd,
} from '../../src/domain/deliveryOutcome.js';
import { seededRng } from '../../src/domain/random.js';
import { campaignFixture, ZONE } from '../delivery/support/seed.js';

const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const NOW = at('2026-12-07T10:00:00');

function outcome(end: AttemptEnd, began: boolean, now = NOW) {
  return deliveryOutcome({
    delivery: { attempts: 2 },
    end,
    began,
    campaign: campaignFixture(),
    now,
    rng: seededRng('outcome'),
  });
}

describe('deliveryOutcome: how an attempt ends for its delivery', () => {
  it('a send accepted after `sending` was recorded: sent, from `sending`, attempts as recorded', () => {
    const update = outcome({ kind: 'sent', activityId: 'a-1' }, true);
    assert.equal(update.from, 'sending');
    assert.equal(update.result, 'sent');
    assert.deepEqual(
      [update.patch.status, update.patch.sentAt, update.patch.activityId, update.patch.dueAt],
      ['sent', NOW.toMillis(), 'a-1', null],
    );
    assert.ok(!('attempts' in update.patch), 'the attempt was counted with `sending`');
  });

  it('refused before any request (unusable reference): failed from `pending`, still an attempt', () => {
    const update = outcome({ kind: 'failed', reason: 'invalid-conversation-reference' }, false);
    assert.deepEqual(
      [update.from, update.patch.status, update.patch.attempts, update.result],
      ['pending', 'failed', 3, 'failed'],
    );
  });

  it('throttled: pending again on the same rung, no sooner than a second later', () => {
    const update = outcome({ kind: 'transient', retryAfterMs: 0, reason: 'throttled' }, true);
    assert.deepEqual(
      [update.patch.status, update.patch.dueAt, update.result],
      ['pending', NOW.toMillis() + 1_000, 'retried'],
    );
    assert.ok(!('dayCycle' in update.patch) && !('step' in update.patch), 'ladder untouched');
  });

  it('found absent: the next rung, counted, no longer waiting for an earlier reason (out of office)', () => {
    const dueAt = at('2026-12-07T10:10:00');
    const update = outcome({ kind: 'retry', dueAt, position: { dayCycle: 1, step: 1 } }, false);
    assert.deepEqual(
      [update.patch.status, update.patch.dueAt, update.patch.attempts, update.result],
      ['pending', dueAt.toMillis(), 3, 'laddered'],
    );
    assert.ok('reason' in update.patch && update.patch.reason === undefined, 'reason cleared');
  });

  it('overtaken by closing time while waiting: the next working day, the attempt not counted', () => {
    const late = at('2026-12-07T18:00:01');
    const update = outcome({ kind: 'too-late', reason: 'send-before-passed' }, true, late);
    assert.deepEqual(
      [update.from, update.patch.status, update.patch.attempts, update.result],
      ['sending', 'pending', 2, 'deferred'],
    );
    const dueAt = DateTime.fromMillis(update.patch.dueAt!, { zone: ZONE });
    assert.equal(dueAt.toISODate(), '2026-12-08');
  });
});

describe('deliveryOutcome: a chat Teams lost, being re-opened', () => {
  it('waits pending for the new chat, the attempt counted with `sending`, due again after the fallback only if never released', () => {
    const update = outcome({ kind: 'reopen-chat' }, true);
    assert.deepEqual(
      [update.from, update.patch.status, update.patch.reason, update.result],
      ['sending', 'pending', REOPENING_CHAT, 'reopening'],
    );
    assert.equal(update.patch.dueAt, NOW.toMillis() + REOPENING_FALLBACK_MS);
    assert.ok(!('attempts' in update.patch), 'the attempt was counted with `sending`');
    assert.deepEqual([update.patch.claimedBy, update.patch.claimedUntil], [undefined, undefined]);
  });
});
