/**
 * The documented limits of the services we call (SPEC.md: Delivery rule 8), as limiters.
 * Production paces through the store (clusterSendLimits, clusterGraphLimiters), so every
 * process of a cluster shares one budget. The in-process forms (createSendLimits,
 * createGraphLimiters) keep the exact sliding windows for adapters used without a store, such
 * as their own tests.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { SendRateStore } from '../application/ports/repositories.js';
import { ClusterPacer, slotIntervalMs } from './ClusterPacer.js';
import { KeyedRateLimiter } from './KeyedRateLimiter.js';
import { RateLimiter, type RateWindow } from './RateLimiter.js';
import type { Sleep } from './sleep.js';

/** Teams, per 1:1 chat with the bot. */
export const TEAMS_PER_CONVERSATION_WINDOWS: readonly RateWindow[] = [
  { limit: 7, intervalMs: 1_000 },
  { limit: 60, intervalMs: 30_000 },
  { limit: 1_800, intervalMs: 3_600_000 },
];

/** Graph `getPresencesByUserId`: requests per app per tenant. */
export const GRAPH_PRESENCE_WINDOW: RateWindow = { limit: 1_500, intervalMs: 30_000 };

/**
 * Graph's Teams service: POST installedApps, 30 requests a second per app per tenant. Each
 * request inside a `$batch` counts.
 */
export const GRAPH_TEAMS_WINDOW: RateWindow = { limit: 30, intervalMs: 1_000 };

/**
 * Graph's directory (identity and access) reads: a small tenant gets 3,500 resource units per
 * 10 s per app, a user or member-list read costs about 2; 1,000 requests per 10 s stays under.
 */
export const GRAPH_DIRECTORY_WINDOW: RateWindow = { limit: 1_000, intervalMs: 10_000 };

/** Directory reads an idle app may make at once (a chat turn's group search and sizes). */
const GRAPH_DIRECTORY_BURST = 10;
const GRAPH_TEAMS_BURST = 1;

/** Conversations whose send history is kept; older ones are forgotten (see KeyedRateLimiter). */
const DEFAULT_MAX_CONVERSATIONS = 10_000;
const DEFAULT_MAX_TENANTS = 1_000;

export interface LimiterTiming {
  clock?: Clock;
  sleep?: Sleep;
}

/** Waits for the right to make one request under `key`. */
export interface KeyedLimiter {
  acquire(key: string): Promise<void>;
}

/** Waits for the right to make one request. */
export interface Limiter {
  acquire(): Promise<void>;
}

/** What a sender acquires before each request to the Bot Connector. */
export interface SendLimits {
  /** Keyed by tenant id: SEND_RATE_PER_SECOND per app per tenant. */
  perTenant: KeyedLimiter;
  /** Keyed by conversation id: the Teams 1:1 chat windows. */
  perConversation: KeyedLimiter;
}

/** Above this rate the tenant cap is treated as lifted (the benchmark's setting): no pacing. */
const UNPACED_RATE_PER_SECOND = 100_000;

/**
 * The send limits of the whole cluster. Per tenant, slots 1/rate apart; per conversation,
 * slots spaced for the tightest Teams window (1,800/h: one per 2 s), which holds all three.
 */
export function clusterSendLimits(options: {
  slots: SendRateStore;
  clock: Clock;
  perTenantPerSecond: number;
}): SendLimits {
  const { slots, clock, perTenantPerSecond } = options;
  return {
    perTenant:
      perTenantPerSecond >= UNPACED_RATE_PER_SECOND
        ? { acquire: async () => undefined }
        : new ClusterPacer(
            slots,
            clock,
            'tenant',
            slotIntervalMs([perSecondWindow(perTenantPerSecond)]),
          ),
    perConversation: new ClusterPacer(
      slots,
      clock,
      'conversation',
      slotIntervalMs(TEAMS_PER_CONVERSATION_WINDOWS),
    ),
  };
}

/** Waits for the right to make one request to each of the Graph services we call. */
export interface GraphLimiters {
  presence: Limiter;
  directory: Limiter;
  teams: Limiter;
}

/**
 * The Graph requests of the whole cluster, paced through the store like sends: Graph counts
 * them per app per tenant, so every process of the cluster draws on one budget per service.
 */
export function clusterGraphLimiters(options: {
  slots: SendRateStore;
  clock: Clock;
  appId: string;
  tenantId: string;
}): GraphLimiters {
  const { slots, clock } = options;
  const key = `${options.appId}:${options.tenantId}`;
  const paced = (scope: string, window: RateWindow, burst = 0): Limiter => {
    const pacer = new ClusterPacer(slots, clock, scope, slotIntervalMs([window]), burst);
    return { acquire: () => pacer.acquire(key) };
  };
  // Bursts fit in what the pacing share leaves of each window (1,000 − 930; 30 − 27.9).
  return {
    presence: paced('graph-presence', GRAPH_PRESENCE_WINDOW),
    directory: paced('graph-directory', GRAPH_DIRECTORY_WINDOW, GRAPH_DIRECTORY_BURST),
    teams: paced('graph-teams', GRAPH_TEAMS_WINDOW, GRAPH_TEAMS_BURST),
  };
}

export function createSendLimits(
  options: { perTenantPerSecond: number; maxConversations?: number } & LimiterTiming,
): SendLimits {
  const timing = { clock: options.clock, sleep: options.sleep };
  return {
    perTenant: new KeyedRateLimiter({
      windows: [perSecondWindow(options.perTenantPerSecond)],
      maxKeys: DEFAULT_MAX_TENANTS,
      ...timing,
    }),
    perConversation: new KeyedRateLimiter({
      windows: TEAMS_PER_CONVERSATION_WINDOWS,
      maxKeys: options.maxConversations ?? DEFAULT_MAX_CONVERSATIONS,
      ...timing,
    }),
  };
}

export function createGraphPresenceLimiter(timing: LimiterTiming = {}): RateLimiter {
  return new RateLimiter({ windows: [GRAPH_PRESENCE_WINDOW], ...timing });
}

/** One process's Graph limiters, exact sliding windows: for Graph used without a store. */
export function createGraphLimiters(timing: LimiterTiming = {}): GraphLimiters {
  return {
    presence: createGraphPresenceLimiter(timing),
    directory: new RateLimiter({ windows: [GRAPH_DIRECTORY_WINDOW], ...timing }),
    teams: new RateLimiter({ windows: [GRAPH_TEAMS_WINDOW], ...timing }),
  };
}

/** A rate such as 50 or 0.5 per second as a window with a whole-number limit. */
export function perSecondWindow(ratePerSecond: number): RateWindow {
  if (!(ratePerSecond > 0)) {
    throw new Error(`Invalid rate ${ratePerSecond}/s`);
  }
  return ratePerSecond >= 1
    ? { limit: Math.floor(ratePerSecond), intervalMs: 1_000 }
    : { limit: 1, intervalMs: Math.ceil(1_000 / ratePerSecond) };
}
