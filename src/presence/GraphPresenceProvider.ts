/**
 * Presence from one tenant's Microsoft Graph (SPEC.md: Presence, Delivery rule 8): app-only
 * token for that tenant (src/presence/TenantPresenceProvider.ts picks the tenant),
 * `getPresencesByUserId` in batches of at most 650 ids, every request through the shared
 * Graph limiter. Throttling (429/503) and server errors are retried a bounded number of
 * times honouring Retry-After; ids whose batch still fails are left out (postponed by the caller) for this
 * round — the delivery ladder asks again later.
 */
import type { GraphCredentials } from '../config.js';
import { GraphTokenSource } from '../graph/GraphTokenSource.js';
import { classifyTokenFailure, CREDENTIALS_REFUSED_LOG } from '../graph/tokenFailure.js';
import { GLOBAL_CLOUD, type GraphCloud } from '../graph/nationalClouds.js';
import { classifyGraphPresence, type GraphPresence } from '../domain/presencePolicy.js';
import { retrySettings, type RetryOptions, type RetrySettings } from '../ratelimit/RetryOptions.js';
import type { Logger } from '../logger.js';
import type { Limiter } from '../ratelimit/channelLimits.js';
import { backoffDelay, parseRetryAfter } from '../ratelimit/retryAfter.js';
import type { PresenceClass } from '../domain/presencePolicy.js';

const GRAPH_PRESENCE_PATH = '/v1.0/communications/getPresencesByUserId';
/** Graph's limit of ids per `getPresencesByUserId` request. */
export const GRAPH_PRESENCE_BATCH_SIZE = 650;

export interface GraphPresenceProviderOptions extends RetryOptions {
  credentials: GraphCredentials;
  /** Default: the global cloud. */
  cloud?: GraphCloud;
  /** The process's shared token source; default: one of its own. */
  tokens?: GraphTokenSource;
  /** Shared by the whole cluster: clusterGraphLimiters().presence (or a process-wide one). */
  limiter: Limiter;
  logger: Logger;
}

type BatchResult =
  | { kind: 'ok'; presences: Map<string, PresenceClass> }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'give-up'; reason: string };

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

export class GraphPresenceProvider {
  private readonly tokens: GraphTokenSource;
  private readonly presenceUrl: string;
  private readonly limiter: Limiter;
  private readonly logger: Logger;
  private readonly retry: RetrySettings;

  constructor(options: GraphPresenceProviderOptions) {
    const cloud = options.cloud ?? GLOBAL_CLOUD;
    this.tokens = options.tokens ?? new GraphTokenSource(options.credentials, cloud);
    this.presenceUrl = `${cloud.graphEndpoint}${GRAPH_PRESENCE_PATH}`;
    this.limiter = options.limiter;
    this.logger = options.logger;
    this.retry = retrySettings(options);
  }

  async getPresences(aadObjectIds: string[]): Promise<Map<string, PresenceClass>> {
    const ids = [...new Set(aadObjectIds)];
    const presences = new Map<string, PresenceClass>();
    for (let start = 0; start < ids.length; start += GRAPH_PRESENCE_BATCH_SIZE) {
      const batch = ids.slice(start, start + GRAPH_PRESENCE_BATCH_SIZE);
      const found = await this.readBatch(batch);
      if (!found) continue;
      // Graph answers with its own spelling of the ids; match them case-insensitively.
      for (const id of batch) presences.set(id, found.get(id.toLowerCase()) ?? 'absent');
    }
    return presences;
  }

  /** Presences keyed by lower-cased id; null when the batch could not be read. */
  private async readBatch(ids: string[]): Promise<Map<string, PresenceClass> | null> {
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire();
      const result = await this.requestBatch(ids);
      if (result.kind === 'ok') {
        return result.presences;
      }
      const waitMs =
        result.kind === 'retry'
          ? (result.retryAfterMs ??
            backoffDelay(attempt, this.retry.backoffBaseMs, this.retry.random))
          : undefined;
      if (
        waitMs === undefined ||
        attempt >= this.retry.maxAttempts ||
        waitMs > this.retry.maxInlineWaitMs
      ) {
        this.logger.warn(
          { ids: ids.length, reason: result.reason, attempts: attempt },
          'Graph presence unavailable; these deliveries are postponed',
        );
        return null;
      }
      await this.retry.sleep(waitMs);
    }
  }

  private async requestBatch(ids: string[]): Promise<BatchResult> {
    let accessToken: string;
    try {
      accessToken = await this.tokens.token();
    } catch (error) {
      const failure = classifyTokenFailure(error);
      if (failure.kind === 'refused') {
        this.logger.error({ code: failure.code }, CREDENTIALS_REFUSED_LOG);
        return { kind: 'give-up', reason: 'graph-credentials-refused' };
      }
      this.logger.warn(
        { code: failure.code },
        'no Graph access token: the login host did not answer',
      );
      return { kind: 'retry', reason: 'graph-token-unavailable' };
    }
    let response: Response;
    try {
      response = await fetch(this.presenceUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ids }),
        signal: AbortSignal.timeout(this.retry.requestTimeoutMs),
      });
    } catch {
      // Reading presence changes nothing, so a lost request is simply tried again.
      return { kind: 'retry', reason: 'graph-unreachable' };
    }
    if (response.ok) {
      try {
        return { kind: 'ok', presences: await readPresences(response) };
      } catch {
        return { kind: 'give-up', reason: 'graph-unreadable-answer' };
      }
    }
    await response.body?.cancel();
    if (RETRIED_STATUSES.has(response.status)) {
      return {
        kind: 'retry',
        reason: `graph-http-${response.status}`,
        retryAfterMs: parseRetryAfter(
          response.headers.get('retry-after'),
          this.retry.clock.now().toMillis(),
        ),
      };
    }
    if (response.status === 401 || response.status === 403) {
      this.logger.error(
        { status: response.status },
        'Graph refused to read presence: does the app have the Presence.Read.All application permission?',
      );
    }
    return { kind: 'give-up', reason: `graph-http-${response.status}` };
  }
}

async function readPresences(response: Response): Promise<Map<string, PresenceClass>> {
  const body = (await response.json()) as { value?: Array<GraphPresence & { id?: unknown }> };
  const presences = new Map<string, PresenceClass>();
  for (const entry of body.value ?? []) {
    const presence = classifyGraphPresence(entry);
    if (typeof entry.id === 'string' && presence !== null) {
      presences.set(entry.id.toLowerCase(), presence);
    }
  }
  return presences;
}
