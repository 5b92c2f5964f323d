/**
 * Proactive messages through the Bot Connector (SPEC.md: Delivery rules 6–8).
 *
 * Each try waits for the rate limiters, then continues the stored conversation and posts one
 * activity. 429/412/5xx are retried here a bounded number of times, honouring Retry-After;
 * what still fails is handed back as `transient`. A request that may have reached the user
 * (timeout, connection reset) is never re-sent: it comes back `unknown`.
 */
import {
  CloudAdapter,
  type Activity,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { systemClock, type Clock } from '../clock.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { RetryOptions } from '../ratelimit/RetryOptions.js';
import type { Logger } from '../logger.js';
import type { SendLimits } from '../ratelimit/channelLimits.js';
import { backoffDelay } from '../ratelimit/retryAfter.js';
import { realSleep, type Sleep } from '../ratelimit/sleep.js';
import { classifyConnectorError, type AttemptResult } from './connectorErrors.js';
import type { MessageSender, SendOutcome } from './MessageSender.js';

/** What CloudAdapter is built from, e.g. createBotAuthentication(config.bot). */
export type BotAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

export interface BotConnectorSenderOptions extends RetryOptions {
  auth: BotAuthentication;
  /** The bot's Microsoft App Id; undefined in local mode (Agents Playground / Emulator). */
  botAppId: string | undefined;
  /** Shared by the whole process. */
  limits: SendLimits;
  logger: Logger;
}

/** The part of @azure/core-rest-pipeline's Pipeline we adjust on the connector client. */
interface HttpPipeline {
  removePolicy(options: { phase: 'Retry' }): unknown;
  addPolicy(policy: {
    name: string;
    sendRequest(
      request: { abortSignal?: AbortSignal },
      next: (request: never) => Promise<unknown>,
    ): Promise<unknown>;
  }): void;
}

export class BotConnectorSender implements MessageSender {
  private readonly adapter: CloudAdapter;
  private readonly botAppId: string;
  private readonly limits: SendLimits;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly maxInlineWaitMs: number;
  private readonly requestTimeoutMs: number;

  constructor(options: BotConnectorSenderOptions) {
    // A private adapter: no middleware or onTurnError of the inbound bot runs on our sends.
    this.adapter = new CloudAdapter(options.auth);
    this.botAppId = options.botAppId ?? '';
    this.limits = options.limits;
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.backoffBaseMs = options.backoffBaseMs ?? 1_000;
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  send(user: ReachableUser, markdown: string): Promise<SendOutcome> {
    return this.sendActivity(user, { type: 'message', textFormat: 'markdown', text: markdown });
  }

  /** Any message activity, e.g. an Adaptive Card attachment for reports and `try`. */
  async sendActivity(user: ReachableUser, activity: Partial<Activity>): Promise<SendOutcome> {
    const reference = readConversationReference(user);
    if (reference === undefined) {
      this.logger.error({ userId: user.id }, 'stored conversation reference is unusable');
      return { kind: 'failed', reason: 'invalid-conversation-reference' };
    }
    for (let attempt = 1; ; attempt++) {
      // Conversation first: a slot taken from the tenant budget while waiting would be wasted.
      await this.limits.perConversation.acquire(reference.conversation.id);
      await this.limits.perTenant.acquire(user.tenantId);
      const result = await this.attempt(reference, activity);
      if (result.kind !== 'retry') {
        if (result.kind !== 'sent') {
          this.logger.warn(
            { userId: user.id, outcome: result.kind, reason: result.reason },
            'message not sent',
          );
        }
        return result;
      }
      const waitMs = result.retryAfterMs ?? backoffDelay(attempt, this.backoffBaseMs, this.random);
      if (attempt >= this.maxAttempts || waitMs > this.maxInlineWaitMs) {
        this.logger.warn(
          { userId: user.id, reason: result.reason, attempts: attempt, retryAfterMs: waitMs },
          'send still failing, handing back as transient',
        );
        return { kind: 'transient', retryAfterMs: waitMs, reason: result.reason };
      }
      this.logger.debug({ userId: user.id, reason: result.reason, waitMs }, 'retrying send');
      await this.sleep(waitMs);
    }
  }

  private async attempt(
    reference: ValidReference,
    activity: Partial<Activity>,
  ): Promise<AttemptResult> {
    const progress: AttemptProgress = { requestStarted: false, timedOut: false };
    const outcome: { result?: AttemptResult } = {};
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        // Errors are caught here, inside the turn, so the adapter's error path never sees them.
        try {
          this.makeSingleShot(context, progress);
          context.onSendActivities(async (_context, activities, next) => {
            // A new message in the chat, not a reply to the synthetic continuation event.
            for (const a of activities) {
              delete a.replyToId;
            }
            progress.requestStarted = true;
            return next();
          });
          const response = await context.sendActivity(activity);
          outcome.result = { kind: 'sent', activityId: response?.id || undefined };
        } catch (error) {
          outcome.result = this.classify(error, progress);
        }
      });
    } catch (error) {
      outcome.result = this.classify(error, progress);
    }
    return outcome.result ?? { kind: 'unknown', reason: 'no-response' };
  }

  private classify(error: unknown, progress: AttemptProgress): AttemptResult {
    if (progress.timedOut) {
      return { kind: 'unknown', reason: 'timeout' };
    }
    const result = classifyConnectorError(
      error,
      progress.requestStarted,
      this.clock.now().toMillis(),
    );
    if (
      result.kind === 'retry' &&
      (result.reason === 'not-sent' || result.reason === 'bot-token-unavailable')
    ) {
      this.logger.error({ err: describeError(error) }, 'send could not start');
    }
    return result;
  }

  /**
   * The connector client's HTTP pipeline would retry by itself — with real timers, outside
   * our limiters, and on connection resets, which could deliver a message twice. Retrying is
   * done above instead, and every request gets a time limit.
   */
  private makeSingleShot(context: TurnContext, progress: AttemptProgress): void {
    const connector: unknown = context.turnState.get(this.adapter.ConnectorClientKey);
    const pipeline = (connector as { client?: { pipeline?: HttpPipeline } } | undefined)?.client
      ?.pipeline;
    if (pipeline === undefined) {
      throw new Error(
        'connector client pipeline not found; refusing to send with built-in retries',
      );
    }
    pipeline.removePolicy({ phase: 'Retry' });
    const timeoutMs = this.requestTimeoutMs;
    pipeline.addPolicy({
      name: 'campaignSendTimeout',
      sendRequest: async (request, next) => {
        const timeout = new AbortController();
        const timer = setTimeout(() => {
          progress.timedOut = true;
          timeout.abort();
        }, timeoutMs);
        request.abortSignal =
          request.abortSignal === undefined
            ? timeout.signal
            : AbortSignal.any([request.abortSignal, timeout.signal]);
        try {
          return await next(request as never);
        } finally {
          clearTimeout(timer);
        }
      },
    });
  }
}

/** How far one try got, for telling "not sent" from "maybe sent". */
interface AttemptProgress {
  /** The activity was handed to the HTTP layer. */
  requestStarted: boolean;
  /** Our time limit aborted the request. */
  timedOut: boolean;
}

type ValidReference = Partial<ConversationReference> & {
  serviceUrl: string;
  conversation: { id: string };
};

function readConversationReference(user: ReachableUser): ValidReference | undefined {
  const ref = user.conversationReference as Partial<ConversationReference>;
  const conversationId: unknown = ref.conversation?.id;
  if (
    typeof ref.serviceUrl !== 'string' ||
    ref.serviceUrl === '' ||
    typeof conversationId !== 'string' ||
    conversationId === ''
  ) {
    return undefined;
  }
  return ref as ValidReference;
}

/** Enough to diagnose, nothing that could carry a token or a message body. */
function describeError(error: unknown): { name?: string; code?: string; message?: string } {
  if (!(error instanceof Error)) {
    return {};
  }
  const { code, errorCode } = error as { code?: unknown; errorCode?: unknown };
  const anyCode = code ?? errorCode;
  return {
    name: error.name,
    code: typeof anyCode === 'string' ? anyCode : undefined,
    message: error.message,
  };
}
