/**
 * Moving virtual time for an app started with E2eApp.startInVirtualTime: straight to the next
 * due delivery while nothing is in hand, else timer by timer — a jump past a claim's lifetime
 * would be a paused process, whose sends in flight rightly become `unknown`.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { MAX_REMINDERS, reminderId } from '../../src/domain/reminders.js';
import { settle } from '../support/virtualTime.js';
import type { E2eApp } from './appHarness.js';

/** Polls of a dispatching worker's unchanged status that tell it waits on the clock. */
const STILL_POLLS = 5;

/** Real time each settling round leaves requests to our own server (see settle()). */
const REQUEST_WAIT_MS = 15;

/**
 * `otherWork` tells when other work falls due that the store's next due delivery does not show
 * (an app installation, looked for by a recurring job), or null when there is none.
 */
export async function runUntil(
  e2e: E2eApp,
  what: string,
  done: () => Promise<boolean>,
  otherWork: () => Promise<number | null> = async () => null,
): Promise<void> {
  const { clock, store } = e2e;
  for (let step = 0; step < 5_000; step++) {
    await settle(REQUEST_WAIT_MS);
    if (await done()) return;
    await workerAsleep(e2e);
    const now = clock.now().toMillis();
    const due = earliest(await store.deliveries.nextDueAt(), await otherWork());
    const timer = clock.nextTimerAt() ?? now + 1_000;
    const next =
      due !== null && due > now && !(await inHand(e2e)) ? due : Math.min(timer, now + 1_000);
    clock.set(DateTime.fromMillis(Math.max(next, now + 1), { zone: clock.now().zone }));
  }
  assert.fail(`virtual time ran out before ${what}`);
}

function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/**
 * Waits (in real time) until the dispatch worker sleeps, as /healthz tells, or until its batch
 * stands still with the clock holding a timer: the batch waits on the clock (a rate slot, a
 * pause before a retry), and only moving the clock moves it on.
 */
async function workerAsleep(e2e: E2eApp): Promise<void> {
  let last = '';
  let unchanged = 0;
  for (let tries = 0; tries < 100; tries++) {
    const health = (await (await fetch(`${e2e.baseUrl}/healthz`)).json()) as {
      dispatchWorker: { state: string };
    };
    if (health.dispatchWorker.state === 'idle') return;
    const status = JSON.stringify(health.dispatchWorker);
    unchanged = status === last ? unchanged + 1 : 0;
    last = status;
    if (unchanged >= STILL_POLLS && e2e.clock.nextTimerAt() !== null) return;
    await settle(REQUEST_WAIT_MS);
  }
}

/** Whether a dispatcher holds a claim or a send is under way, in any running campaign. */
async function inHand(e2e: E2eApp): Promise<boolean> {
  for (const campaignId of await e2e.store.campaigns.listIdsByStatus('running')) {
    const originals = await e2e.store.deliveries.list(campaignId, { limit: 10 });
    // Their reminders too: deliveries of their own, which `list` leaves out.
    const reminders = await Promise.all(
      originals.flatMap((d) =>
        Array.from({ length: MAX_REMINDERS }, (_, i) =>
          e2e.store.deliveries.get(reminderId(d.id, i + 1)),
        ),
      ),
    );
    const deliveries = [...originals, ...reminders.filter((d) => d !== null)];
    if (deliveries.some((d) => d.status === 'sending' || d.claimedBy !== undefined)) return true;
  }
  return false;
}
