/**
 * Proactive messages through the Bot Connector (SPEC.md: Delivery rules 6–8).
 *
 * Each try waits for the rate limiters, then posts one activity to the stored conversation with
 * the connector client of its serviceUrl (built once, see SingleShotConnectors) — not through a
 * CloudAdapter turn, whose per-message setup cost more than the request itself.
 * 429/412/5xx are retried here a bounded number of times, honouring Retry-After;
 * what still fails is handed back as `transient`. A request that may have reached the user
 * (timeout, connection reset) is never re-sent: it comes back `unknown` — except a reset of a
 * reused idle connection before any response (see connectorAgents), sent once more.
 */
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { ReachableUser } from '../domain/recipients.js';
import { retrySettings, type RetryOptions, type RetrySettings } from '../ratelimit/RetryOptions.js';
import type { Logger } from '../logger.js';
import type { SendLimits } from '../ratelimit/channelLimits.js';
import { backoffDelay } from '../ratelimit/retryAfter.js';
import {
  classifyConnectorError,
  IDLE_CONNECTION_RESET,
  type AttemptResult,
} from './connectorErrors.js';
import type { DeliverySender, SendOutcome } from '../application/ports/MessageSender.js';
import { SingleShotConnectors } from './SingleShotConnectors.js';
import type { CardAttachment } from '../shared/chatMessage.js';

/** The bot's credentials, e.g. createBotAuthentication(config.bot). */
export type BotAuthentication = BotFrameworkAuthentication;

export interface BotConnectorSenderOptions extends RetryOptions {
  auth: BotAuthentication;
  /** The bot's Microsoft App Id; undefined in local mode (Agents Playground / Emulator). */
  botAppId: string | undefined;
  /** Shared by the whole process. */
  limits: SendLimits;
  logger: Logger;
}

export class BotConnectorSender implements DeliverySender {
  private readonly connectors: SingleShotConnectors;
  private readonly limits: SendLimits;
  private readonly logger: Logger;
  private readonly retry: RetrySettings;

  constructor(options: BotConnectorSenderOptions) {
    this.connectors = new SingleShotConnectors(options.auth, options.botAppId ?? '');
    this.limits = options.limits;
    this.logger = options.logger;
    this.retry = retrySettings(options);
  }

  send(user: ReachableUser, markdown: string, sendBefore?: number): Promise<SendOutcome> {
    return this.sendActivity(user, markdownMessage(markdown), sendBefore);
  }

  /** Any message activity, e.g. an Adaptive Card attachment for reports and `try`. */
  async sendActivity(
    user: ReachableUser,
    activity: Partial<Activity>,
    sendBefore = Number.POSITIVE_INFINITY,
  ): Promise<SendOutcome> {
    const reserved = await this.reserveFor(user, sendBefore);
    return reserved.kind === 'reserved' ? reserved.postActivity(activity) : reserved;
  }

  /**
   * Waits for the first request's rate slots, then checks `sendBefore`: what comes back is
   * posted at once, so the caller records its attempt in between, knowing nothing has gone out.
   */
  async reserve(user: ReachableUser, sendBefore = Number.POSITIVE_INFINITY) {
    const reserved = await this.reserveFor(user, sendBefore);
    if (reserved.kind !== 'reserved') return reserved;
    return {
      kind: 'reserved' as const,
      post: (markdown: string, card?: CardAttachment) =>
        reserved.postActivity(markdownMessage(markdown, card)),
    };
  }

  private async reserveFor(user: ReachableUser, sendBefore: number) {
    const reference = readConversationReference(user);
    if (reference === undefined) {
      this.logger.error({ userId: user.id }, 'stored conversation reference is unusable');
      return { kind: 'failed' as const, reason: 'invalid-conversation-reference' };
    }
    await this.waitForSlots(user, reference);
    if (this.retry.clock.now().toMillis() >= sendBefore) {
      return { kind: 'too-late' as const, reason: 'send-before-passed' as const };
    }
    return {
      kind: 'reserved' as const,
      postActivity: (activity: Partial<Activity>) =>
        this.post(user, reference, activity, sendBefore),
    };
  }

  private async waitForSlots(user: ReachableUser, reference: ValidReference): Promise<void> {
    // Conversation first: a slot taken from the tenant budget while waiting would be wasted.
    await this.limits.perConversation.acquire(reference.conversation.id);
    await this.limits.perTenant.acquire(user.tenantId);
  }

  /** The first request (its slots held), then the bounded retries, each after its own slots. */
  private async post(
    user: ReachableUser,
    reference: ValidReference,
    activity: Partial<Activity>,
    sendBefore: number,
  ): Promise<SendOutcome> {
    let idleResetRetried = false;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await this.waitForSlots(user, reference);
      let result = await this.attempt(reference, activity, sendBefore);
      if (result.kind === 'retry' && result.reason === IDLE_CONNECTION_RESET) {
        // Sent once more, on a fresh connection; the same again is treated as any other reset.
        if (idleResetRetried) result = { kind: 'unknown', reason: 'connection-reset' };
        idleResetRetried = true;
      }
      if (result.kind !== 'retry') {
        if (result.kind !== 'sent' && result.kind !== 'too-late') {
          this.logger.warn(
            { userId: user.id, outcome: result.kind, reason: result.reason },
            'message not sent',
          );
        }
        return result;
      }
      const waitMs =
        result.retryAfterMs ?? backoffDelay(attempt, this.retry.backoffBaseMs, this.retry.random);
      if (attempt >= this.retry.maxAttempts || waitMs > this.retry.maxInlineWaitMs) {
        this.logger.warn(
          { userId: user.id, reason: result.reason, attempts: attempt, retryAfterMs: waitMs },
          'send still failing, handing back as transient',
        );
        return { kind: 'transient', retryAfterMs: waitMs, reason: result.reason };
      }
      this.logger.debug({ userId: user.id, reason: result.reason, waitMs }, 'retrying send');
      await this.retry.sleep(waitMs);
    }
  }

  /** One POST, never repeated here; the time limit also bounds fetching the bot token. */
  private async attempt(
    reference: ValidReference,
    activity: Partial<Activity>,
    sendBefore: number,
  ): Promise<AttemptResult> {
    let requestStarted = false;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.retry.requestTimeoutMs);
    try {
      const client = await this.connectors.clientFor(reference.serviceUrl);
      // Right before the request, after every wait (limiters, a retry's backoff, the bot token):
      // waiting can outlast closing time.
      if (this.retry.clock.now().toMillis() >= sendBefore) {
        return { kind: 'too-late', reason: 'send-before-passed' };
      }
      requestStarted = true;
      const response = await client.conversations.sendToConversation(
        reference.conversation.id,
        outgoingActivity(reference, activity),
        { abortSignal: timeout.signal },
      );
      return { kind: 'sent', activityId: response.id || undefined };
    } catch (error) {
      return this.classify(error, requestStarted, timeout.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private classify(error: unknown, requestStarted: boolean, timedOut: boolean): AttemptResult {
    if (timedOut) {
      return { kind: 'unknown', reason: 'timeout' };
    }
    const result = classifyConnectorError(error, requestStarted, this.retry.clock.now().toMillis());
    if (
      result.kind === 'retry' &&
      (result.reason === 'not-sent' || result.reason === 'bot-token-unavailable')
    ) {
      this.logger.error({ err: error }, 'send could not start');
    }
    return result;
  }
}

type ValidReference = Partial<ConversationReference> & {
  serviceUrl: string;
  conversation: { id: string };
};

/**
 * The activity as CloudAdapter would post it in a turn continuing `reference`, minus `replyToId`:
 * a new message in the chat, not a reply to the message the reference was taken from.
 */
function outgoingActivity(
  reference: ValidReference,
  activity: Partial<Activity>,
): Partial<Activity> {
  const outgoing = TurnContext.applyConversationReference(
    { ...activity, type: activity.type ?? 'message' },
    reference,
  );
  delete outgoing.replyToId;
  return outgoing;
}

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

/** A card carries the message itself (see src/cards/acknowledgementCard.ts): no text beside it. */
function markdownMessage(markdown: string, card?: CardAttachment): Partial<Activity> {
  return card === undefined
    ? { type: 'message', textFormat: 'markdown', text: markdown }
    : { type: 'message', attachments: [card] };
}
