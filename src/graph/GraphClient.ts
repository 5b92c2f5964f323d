/**
 * Microsoft Graph over HTTP for the directory and the Teams app installations: one shared
 * token source, every request paced by the limiter of the Graph service it hits, throttled and
 * failing requests retried a bounded number of times honouring Retry-After, and JSON batching
 * (at most 20 requests per `$batch`, Graph's limit). Each request inside a batch counts against
 * the service limits as if sent alone, so each one takes its own slot from the limiter.
 */
import type { Logger } from '../logger.js';
import {
  GRAPH_DIRECTORY_WINDOW,
  GRAPH_TEAMS_WINDOW,
  type Limiter,
} from '../ratelimit/channelLimits.js';
import type { RateWindow } from '../ratelimit/RateLimiter.js';
import { retrySettings, type RetryOptions, type RetrySettings } from '../ratelimit/RetryOptions.js';
import { backoffDelay, parseRetryAfter } from '../ratelimit/retryAfter.js';
import type { GraphCloud } from './nationalClouds.js';
import { ArrivalWindow } from './ArrivalWindow.js';
import { classifyTokenFailure, CREDENTIALS_REFUSED_LOG } from './tokenFailure.js';

/** Graph's limit of requests in one JSON batch. */
export const GRAPH_BATCH_SIZE = 20;

/** The limits Graph counts a batch's requests against when it arrives, per service. */
const ARRIVAL_LIMITS: Record<GraphService, RateWindow> = {
  directory: GRAPH_DIRECTORY_WINDOW,
  teams: GRAPH_TEAMS_WINDOW,
};

/**
 * Requests per `$batch` for a service: two batches fit in its window, so spacing batches by
 * arrival still lets the pacing reach the limit (Teams: 15, not 20 — 20 would allow only one
 * batch, 20 requests, a second).
 */
export function batchSizeFor(service: GraphService): number {
  return Math.min(GRAPH_BATCH_SIZE, Math.floor(ARRIVAL_LIMITS[service].limit / 2));
}

/** Which of Graph's service limits a request counts against. */
export type GraphService = 'directory' | 'teams';

export interface GraphRequest {
  /** Unique within one `batch()` call. */
  id: string;
  method: 'GET' | 'POST';
  /** Relative to the version root, e.g. `/users/{id}`. */
  url: string;
  service: GraphService;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Status 0: no answer at all (network failure, the login host unreachable). The login host
 * refusing the bot's credentials is answered as Graph would: 401, with the refusal's code.
 */
export interface GraphAnswer {
  status: number;
  body: unknown;
  retryAfterMs?: number;
}

export interface TokenSource {
  token(): Promise<string>;
}

export interface GraphClientOptions extends RetryOptions {
  cloud: GraphCloud;
  tokens: TokenSource;
  limiters: Record<GraphService, Limiter>;
  logger: Logger;
}

const RETRIED_STATUSES = new Set([0, 429, 500, 502, 503, 504]);
const NO_ANSWER: GraphAnswer = { status: 0, body: undefined };

export class GraphClient {
  /** HTTP requests sent to Graph so far (a `$batch` counts once), for the benchmark. */
  requestsSent = 0;
  private readonly root: string;
  private readonly retry: RetrySettings;
  private readonly arrivals: Record<GraphService, ArrivalWindow>;

  constructor(private readonly options: GraphClientOptions) {
    this.root = `${options.cloud.graphEndpoint}/v1.0`;
    this.retry = retrySettings(options);
    const { clock, sleep } = this.retry;
    this.arrivals = {
      directory: new ArrivalWindow(ARRIVAL_LIMITS.directory, clock, sleep),
      teams: new ArrivalWindow(ARRIVAL_LIMITS.teams, clock, sleep),
    };
  }

  /** One request, retried while throttled or failing; the last answer when tries run out. */
  async send(request: Omit<GraphRequest, 'id'>): Promise<GraphAnswer> {
    const answers = await this.batch([{ ...request, id: 'single' }]);
    return answers.get('single')!;
  }

  /**
   * Many requests in `$batch`es (at most 20; 15 for Teams, see batchSizeFor). Requests answered
   * 429/5xx are sent again, after the longest Retry-After of their batch, until they succeed or
   * the tries run out.
   */
  async batch(requests: GraphRequest[]): Promise<Map<string, GraphAnswer>> {
    const answers = new Map<string, GraphAnswer>();
    const size = Math.min(...requests.map((r) => batchSizeFor(r.service)));
    let waiting = requests;
    for (let attempt = 1; waiting.length > 0; attempt++) {
      const retried: GraphRequest[] = [];
      let waitMs = 0;
      for (let i = 0; i < waiting.length; i += size) {
        const chunk = waiting.slice(i, i + size);
        const chunkAnswers = await this.sendChunk(chunk);
        for (const request of chunk) {
          const answer = chunkAnswers.get(request.id) ?? NO_ANSWER;
          answers.set(request.id, answer);
          if (!RETRIED_STATUSES.has(answer.status)) continue;
          retried.push(request);
          const delay =
            answer.retryAfterMs ??
            backoffDelay(attempt, this.retry.backoffBaseMs, this.retry.random);
          waitMs = Math.max(waitMs, delay);
        }
      }
      if (retried.length === 0 || attempt >= this.retry.maxAttempts) break;
      if (waitMs > this.retry.maxInlineWaitMs) break;
      this.options.logger.debug({ requests: retried.length, waitMs }, 'Graph throttled; retrying');
      await this.retry.sleep(waitMs);
      waiting = retried;
    }
    return answers;
  }

  /** Every page of a collection, following `@odata.nextLink`. */
  async *pages<T>(request: Omit<GraphRequest, 'id' | 'method'>): AsyncGenerator<T[]> {
    let url: string | undefined = request.url;
    while (url !== undefined) {
      const answer = await this.send({ ...request, method: 'GET', url });
      if (answer.status !== 200) throw new GraphError(answer.status, request.url);
      const page = answer.body as { value?: T[]; '@odata.nextLink'?: string };
      yield page.value ?? [];
      const next = page['@odata.nextLink'];
      url = next === undefined ? undefined : next.slice(next.indexOf('/v1.0') + '/v1.0'.length);
    }
  }

  /** A single request goes out as itself, more than one as a `$batch`. */
  private async sendChunk(chunk: GraphRequest[]): Promise<Map<string, GraphAnswer>> {
    for (const request of chunk) await this.options.limiters[request.service].acquire();
    for (const service of ['directory', 'teams'] as const) {
      const count = chunk.filter((r) => r.service === service).length;
      if (count > 0) await this.arrivals[service].admit(count);
    }
    if (chunk.length === 1) {
      const request = chunk[0]!;
      const answer = await this.http(request.method, request.url, request.body, request.headers);
      return new Map([[request.id, answer]]);
    }
    const answer = await this.http('POST', '/$batch', {
      requests: chunk.map(({ id, method, url, body, headers }) => ({
        id,
        method,
        url,
        ...(body === undefined ? {} : { body }),
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      })),
    });
    if (answer.status !== 200) return new Map(chunk.map((r) => [r.id, answer]));
    return this.batchAnswers(answer.body);
  }

  private batchAnswers(body: unknown): Map<string, GraphAnswer> {
    const now = this.retry.clock.now().toMillis();
    const responses =
      (
        body as {
          responses?: Array<{
            id?: string;
            status?: number;
            headers?: Record<string, string>;
            body?: unknown;
          }>;
        }
      ).responses ?? [];
    const answers = new Map<string, GraphAnswer>();
    for (const r of responses) {
      if (typeof r.id !== 'string' || typeof r.status !== 'number') continue;
      const retryAfter = Object.entries(r.headers ?? {}).find(
        ([name]) => name.toLowerCase() === 'retry-after',
      )?.[1];
      answers.set(r.id, {
        status: r.status,
        body: r.body,
        retryAfterMs: parseRetryAfter(retryAfter, now),
      });
    }
    return answers;
  }

  private async http(
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphAnswer> {
    let accessToken: string;
    try {
      accessToken = await this.options.tokens.token();
    } catch (error) {
      return tokenFailureAnswer(this.options.logger, error);
    }
    this.requestsSent++;
    let response: Response;
    try {
      response = await fetch(`${this.root}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.retry.requestTimeoutMs),
      });
    } catch {
      return NO_ANSWER;
    }
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : parseJson(text),
      retryAfterMs: parseRetryAfter(
        response.headers.get('retry-after'),
        this.retry.clock.now().toMillis(),
      ),
    };
  }
}

/** Credentials refused: not retried, one line; an outage: retried like any other. */
function tokenFailureAnswer(logger: Logger, error: unknown): GraphAnswer {
  const failure = classifyTokenFailure(error);
  if (failure.kind === 'refused') {
    logger.error({ code: failure.code }, CREDENTIALS_REFUSED_LOG);
    return {
      status: 401,
      body: { error: { code: failure.code, message: "the bot's Graph credentials were refused" } },
    };
  }
  logger.warn({ code: failure.code }, 'no Graph access token: the login host did not answer');
  return NO_ANSWER;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`Graph answered ${status === 0 ? 'nothing' : status} to ${url.split('?')[0]}`);
    this.name = 'GraphError';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Graph's error code from an error body (`{ error: { code } }`), or ''. */
export function graphErrorCode(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : '';
}

/** Graph's error message from an error body, or ''. */
export function graphErrorMessage(body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? message : '';
}
