/**
 * What an error from one Bot Connector request means for the message (SPEC.md: Delivery
 * rules 6–7). Status codes and error codes are those Teams documents for bot messages.
 */
import { parseRetryAfter } from '../ratelimit/retryAfter.js';
import type { SendOutcome } from '../application/ports/MessageSender.js';
import { isResetOnReusedSocket } from './connectorAgents.js';

/** A reused keep-alive connection the server had closed: the request never reached it. */
export const IDLE_CONNECTION_RESET = 'idle-connection-reset';

/** One request's result: final, or worth another try after `retryAfterMs` (when the server said). */
export type AttemptResult =
  | Exclude<SendOutcome, { kind: 'transient' }>
  | { kind: 'retry'; reason: string; retryAfterMs?: number };

/** Errors raised before a connection existed: the message cannot have left. */
const NOT_CONNECTED_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection-refused',
  ENOTFOUND: 'dns-failure',
  EAI_AGAIN: 'dns-failure',
  ENETUNREACH: 'network-unreachable',
  EHOSTUNREACH: 'network-unreachable',
};

const FORBIDDEN_REASONS: Readonly<Record<string, string>> = {
  MessageWritesBlocked: 'blocked-by-user',
  ConversationBlockedByUser: 'blocked-by-user',
  BotNotInConversationRoster: 'bot-not-in-conversation',
  BotDisabledByAdmin: 'bot-disabled-by-admin',
};

const CLIENT_ERROR_REASONS: Readonly<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthorized',
  404: 'conversation-not-found',
  413: 'message-too-large',
};

interface ConnectorErrorShape {
  statusCode?: unknown;
  code?: unknown;
  /** Set by MSAL when the bot's own access token could not be obtained. */
  errorCode?: unknown;
  details?: { error?: { code?: unknown } };
  response?: { headers?: { get?: (name: string) => string | undefined } };
}

/**
 * `requestStarted` is false while nothing has been handed to the HTTP layer yet; any error
 * then is safe to retry. After that, only errors proving the server answered (a status) or
 * that no connection was made are; anything else may have delivered the message.
 */
export function classifyConnectorError(
  error: unknown,
  requestStarted: boolean,
  nowMs: number,
): AttemptResult {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ConnectorErrorShape;
  if (typeof e.statusCode === 'number') {
    const serviceCode = e.details?.error?.code ?? e.code;
    const retryAfter = e.response?.headers?.get?.('retry-after');
    return classifyStatus(
      e.statusCode,
      typeof serviceCode === 'string' ? serviceCode : undefined,
      parseRetryAfter(retryAfter, nowMs),
    );
  }
  if (typeof e.errorCode === 'string') {
    return { kind: 'retry', reason: 'bot-token-unavailable' };
  }
  if (isResetOnReusedSocket(error)) {
    return { kind: 'retry', reason: IDLE_CONNECTION_RESET, retryAfterMs: 0 };
  }
  if (!requestStarted) {
    return { kind: 'retry', reason: 'not-sent' };
  }
  const notConnected = typeof e.code === 'string' ? NOT_CONNECTED_REASONS[e.code] : undefined;
  if (notConnected !== undefined) {
    return { kind: 'retry', reason: notConnected };
  }
  return { kind: 'unknown', reason: e.code === 'ECONNRESET' ? 'connection-reset' : 'interrupted' };
}

function classifyStatus(
  status: number,
  serviceCode: string | undefined,
  retryAfterMs: number | undefined,
): AttemptResult {
  if (status === 429) {
    return { kind: 'retry', reason: 'throttled', retryAfterMs };
  }
  if (status === 412 || status >= 500) {
    return { kind: 'retry', reason: `http-${status}`, retryAfterMs };
  }
  if (status === 403) {
    return {
      kind: 'failed',
      reason:
        (serviceCode !== undefined ? FORBIDDEN_REASONS[serviceCode] : undefined) ?? 'forbidden',
    };
  }
  return { kind: 'failed', reason: CLIENT_ERROR_REASONS[status] ?? `http-${status}` };
}
