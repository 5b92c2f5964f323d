/**
 * Opens the 1:1 chat between the bot and a user through the Bot Connector
 * (`POST {serviceUrl}/v3/conversations`), once the app is installed for them. Teams gives the
 * same conversation back when it already exists, so opening it again after a crash is harmless.
 */
import type { ConversationParameters, ConversationReference } from 'botbuilder';
import { classifyConnectorError } from './connectorErrors.js';
import type { SingleShotConnectors } from './SingleShotConnectors.js';
import type { Clock } from '../application/ports/Clock.js';
import type { KeyedLimiter } from '../ratelimit/channelLimits.js';

export type OpenedConversation =
  /** `reference` is stored as the user's conversation reference, as the bot SDK gave it. */
  | { kind: 'opened'; reference: Record<string, unknown> }
  | { kind: 'failed'; reason: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number };

export interface PersonalConversationsDeps {
  connectors: SingleShotConnectors;
  /** The Bot Connector's per-tenant budget, shared with the sender. */
  perTenant: KeyedLimiter;
  clock: Clock;
  requestTimeoutMs?: number;
}

/** Where the tenant's bot traffic goes and who the bot is there: from any stored reference. */
export interface TenantEndpoint {
  tenantId: string;
  serviceUrl: string;
  bot: { id: string; name?: string };
}

export class PersonalConversations {
  constructor(private readonly deps: PersonalConversationsDeps) {}

  async open(endpoint: TenantEndpoint, aadObjectId: string): Promise<OpenedConversation> {
    await this.deps.perTenant.acquire(endpoint.tenantId);
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { ...endpoint.bot, name: endpoint.bot.name ?? '' },
      members: [{ id: aadObjectId, name: '' }],
      tenantId: endpoint.tenantId,
      channelData: { tenant: { id: endpoint.tenantId } },
    };
    let requestStarted = false;
    try {
      const client = await this.deps.connectors.clientFor(endpoint.serviceUrl);
      requestStarted = true;
      const created = await client.conversations.createConversation(parameters, {
        abortSignal: AbortSignal.timeout(this.deps.requestTimeoutMs ?? 30_000),
      });
      const reference: Partial<ConversationReference> = {
        serviceUrl: endpoint.serviceUrl,
        channelId: 'msteams',
        conversation: {
          id: created.id,
          conversationType: 'personal',
          tenantId: endpoint.tenantId,
          isGroup: false,
          name: '',
        },
        bot: { ...endpoint.bot, name: endpoint.bot.name ?? '' },
        user: { id: aadObjectId, aadObjectId, name: '' },
      };
      return { kind: 'opened', reference };
    } catch (error) {
      const result = classifyConnectorError(
        error,
        requestStarted,
        this.deps.clock.now().toMillis(),
      );
      // Opening a conversation changes nothing when repeated: an unknown outcome is retried.
      if (result.kind === 'unknown') return { kind: 'retry', reason: result.reason };
      if (result.kind === 'failed')
        return { kind: 'failed', reason: `conversation-${result.reason}` };
      if (result.kind === 'retry') return result;
      return { kind: 'retry', reason: 'unexpected-answer' };
    }
  }
}
