/**
 * The real bot behind the real HTTP server on 127.0.0.1 (port 0), on an in-memory SQLite store.
 * Outbound Bot Connector calls go to SERVICE_URL, which tests fake with nock.
 */
import { ConversationState, type Activity, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { DateTime } from 'luxon';
import { createBotAuthentication } from '../../src/channels/botAuthentication.js';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { PushBot } from '../../src/bot/PushBot.js';
import { ReachableUserRecorder } from '../../src/bot/ReachableUserRecorder.js';
import { IdentityCommands } from '../../src/bot/IdentityCommands.js';
import { SkypePairing } from '../../src/identity/SkypePairing.js';
import { createBotAdapter } from '../../src/server/botAuth.js';
import { closeServer, createServer, listen } from '../../src/server/createServer.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';

/**
 * On loopback because local mode answers only to a serviceUrl on this machine (as the Agents
 * Playground's); port 9 has no listener, so a request nock does not expect is refused.
 */
export const CONNECTOR = 'http://localhost:9';
export const SERVICE_URL = `${CONNECTOR}/amer/`;
export const TENANT_ID = 'tenant-1';
export const BOT = { id: '28:push-bot', name: 'Push Bot' };

export interface BotServer {
  baseUrl: string;
  store: SqliteStore;
  clock: ManualClock;
  /** The state PushBot saves after each turn. */
  conversationState: ConversationState;
  /** The activity of every turn that reached the injected admin turn. */
  adminTurns: Activity[];
  post(activity: Partial<Activity>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface BotServerOptions {
  /** Unset = local mode (loopback callers only, no token checks). */
  appId?: string;
  adminEmails?: string[];
  adminIds?: string[];
  adminTurn?: (context: TurnContext) => Promise<void>;
}

export async function startBotServer(options: BotServerOptions = {}): Promise<BotServer> {
  const store = openSqliteStore(':memory:');
  const clock = new ManualClock(DateTime.fromISO('2026-03-02T09:00:00Z'));
  const conversationState = new ConversationState(store.botStorage);
  const adminTurns: Activity[] = [];
  const botConfig = options.appId
    ? { appId: options.appId, appPassword: 'secret', appType: 'MultiTenant' as const }
    : { appType: 'MultiTenant' as const };
  const adapter = createBotAdapter({
    authentication: createBotAuthentication(botConfig),
    logger: silentLogger,
    conversationState,
  });
  const admins = { emails: options.adminEmails ?? [], ids: options.adminIds ?? [] };
  const bot = new PushBot({
    recorder: new ReachableUserRecorder({ ...store, clock, logger: silentLogger }),
    ...store,
    clock,
    admins,
    identityCommands: new IdentityCommands({
      pairing: new SkypePairing(store.pairing, store.users),
      admins,
      clock,
      logger: silentLogger,
    }),
    adminTurn: async (context) => {
      adminTurns.push({ ...context.activity });
      await options.adminTurn?.(context);
    },
    conversationState,
    logger: silentLogger,
  });
  const server: Server = createServer({
    adapter,
    bot,
    localMode: options.appId === undefined,
    logger: silentLogger,
    health: () => ({ status: 'ok', store: store.kind, scheduler: 'stopped', version: 'test' }),
  });
  const port = await listen(server, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    store,
    clock,
    conversationState,
    adminTurns,
    post: (activity, headers = {}) =>
      fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      }),
    close: async () => {
      await closeServer(server);
      await store.close();
    },
  };
}

/** A Teams 1:1 message from `user` (ids shaped like real Teams ids, colons included). */
export function teamsMessage(
  user: { id: string; name: string; aadObjectId?: string },
  overrides: Partial<Activity> = {},
): Partial<Activity> {
  return {
    type: 'message',
    id: `msg-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    text: 'hello',
    from: user,
    recipient: BOT,
    conversation: {
      id: `a:chat-${user.id}`,
      conversationType: 'personal',
      tenantId: TENANT_ID,
      isGroup: false,
      name: '',
    },
    channelData: { tenant: { id: TENANT_ID } },
    ...overrides,
  };
}

/** Decoded path of a Bot Connector request, so tests can match ids with colons. */
export function connectorPath(uri: string): string {
  return decodeURIComponent(uri);
}
