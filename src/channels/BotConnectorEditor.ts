/**
 * Deletes and replaces sent messages through the Bot Connector (`DELETE` / `PUT
 * …/v3/conversations/{conversationId}/activities/{activityId}`), proactively, with the connector
 * client BotConnectorSender posts with and within the same rate slots: an edit is one more
 * request against the tenant's and the chat's budget. Errors mean what they mean for a send
 * (connectorErrors): 429/412/5xx are retried here a bounded number of times, honouring
 * Retry-After; a request that may have reached the channel is never repeated.
 */
import type { Activity, ConversationReference } from 'botbuilder';
import type { BotFrameworkAuthentication, ConnectorClient } from 'botframework-connector';
import type { ReachableUser } from '../domain/recipients.js';
import type { Logger } from '../logger.js';
import type { SendLimits } from '../ratelimit/channelLimits.js';
import { retrySettings, type RetryOptions, type RetrySettings } from '../ratelimit/RetryOptions.js';
import { backoffDelay } from '../ratelimit/retryAfter.js';
import type {
  EditOutcome,
  ReservedEdit,
  SentMessageEditor,
} from '../application/ports/SentMessageEditor.js';
import { classifyConnectorError, IDLE_CONNECTION_RESET } from './connectorErrors.js';
import { SingleShotConnectors } from './SingleShotConnectors.js';

export interface BotConnectorEditorOptions extends RetryOptions {
  auth: BotFrameworkAuthentication;
  botAppId: string | undefined;
  /** The sender's limits: edits and sends share one budget. */
  limits: SendLimits;
  logger: Logger;
}

interface Target {
  serviceUrl: string;
  conversationId: string;
  activityId: string;
  tenantId: string;
}

type Request = (client: ConnectorClient, target: Target, signal: AbortSignal) => Promise<unknown>;

export class BotConnectorEditor implements SentMessageEditor {
  private readonly connectors: SingleShotConnectors;
  private readonly retry: RetrySettings;

  constructor(private readonly options: BotConnectorEditorOptions) {
    this.connectors = new SingleShotConnectors(options.auth, options.botAppId ?? '');
    this.retry = retrySettings(options);
  }

  async reserve(
    user: ReachableUser,
    activityId: string,
  ): Promise<ReservedEdit | Extract<EditOutcome, { kind: 'failed' }>> {
    const reference = user.conversationReference as Partial<ConversationReference>;
    const conversationId = reference.conversation?.id;
    if (typeof reference.serviceUrl !== 'string' || typeof conversationId !== 'string') {
      return { kind: 'failed', reason: 'invalid-conversation-reference' };
    }
    const target = {
      serviceUrl: reference.serviceUrl,
      conversationId,
      activityId,
      tenantId: user.tenantId,
    };
    await this.waitForSlots(target);
    return {
      kind: 'reserved',
      delete: () =>
        this.request(target, (client, t, abortSignal) =>
          client.conversations.deleteActivity(t.conversationId, t.activityId, { abortSignal }),
        ),
      replace: (markdown) =>
        this.request(target, (client, t, abortSignal) =>
          client.conversations.updateActivity(
            t.conversationId,
            t.activityId,
            replacement(t, reference, markdown),
            { abortSignal },
          ),
        ),
    };
  }

  private async waitForSlots(target: Target): Promise<void> {
    await this.options.limits.perConversation.acquire(target.conversationId);
    await this.options.limits.perTenant.acquire(target.tenantId);
  }

  /** The first request (its slots held), then bounded retries of what the channel refused for now. */
  private async request(target: Target, call: Request): Promise<EditOutcome> {
    let idleResetRetried = false;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await this.waitForSlots(target);
      let result = await this.attempt(target, call);
      if (result.kind === 'retry' && result.reason === IDLE_CONNECTION_RESET) {
        if (idleResetRetried) result = { kind: 'unknown', reason: 'connection-reset' };
        idleResetRetried = true;
      }
      if (result.kind !== 'retry') return result;
      const waitMs =
        result.retryAfterMs ?? backoffDelay(attempt, this.retry.backoffBaseMs, this.retry.random);
      if (attempt >= this.retry.maxAttempts || waitMs > this.retry.maxInlineWaitMs) {
        // An answer came (429, 5xx): the message is as it was. Not tried later: never twice.
        return { kind: 'failed', reason: result.reason };
      }
      await this.retry.sleep(waitMs);
    }
  }

  private async attempt(
    target: Target,
    call: Request,
  ): Promise<EditOutcome | { kind: 'retry'; reason: string; retryAfterMs?: number }> {
    let requestStarted = false;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.retry.requestTimeoutMs);
    try {
      const client = await this.connectors.clientFor(target.serviceUrl);
      requestStarted = true;
      await call(client, target, timeout.signal);
      return { kind: 'done' };
    } catch (error) {
      if (timeout.signal.aborted) return { kind: 'unknown', reason: 'timeout' };
      const result = classifyConnectorError(
        error,
        requestStarted,
        this.retry.clock.now().toMillis(),
      );
      if (result.kind === 'retry' || result.kind === 'failed' || result.kind === 'unknown') {
        return result;
      }
      this.options.logger.error({ err: error }, 'unexpected edit outcome');
      return { kind: 'unknown', reason: result.kind };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The new message, addressed as the original: same conversation, same activity. */
function replacement(
  target: Target,
  reference: Partial<ConversationReference>,
  markdown: string,
): Partial<Activity> {
  return {
    type: 'message',
    id: target.activityId,
    textFormat: 'markdown',
    text: markdown,
    conversation: reference.conversation,
    ...(reference.bot ? { from: reference.bot } : {}),
    ...(reference.user ? { recipient: reference.user } : {}),
  };
}
