/**
 * The bot as src/main.ts builds it (createApp) on a fresh SQLite DATA_DIR, behind its real HTTP
 * server on 127.0.0.1 (port 0); the admin dialogs are replaced by a recorder, so the tests
 * look at the bot's own gate, recording and state. Outbound Bot Connector calls go to
 * SERVICE_URL, which tests fake with the stand-in connector.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity, ConversationState, TurnContext } from 'botbuilder';
import { DateTime } from 'luxon';
import { ManualClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createApp } from '../../src/main.js';
import type { OpenStore } from '../../src/store/openStore.js';

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
  store: OpenStore;
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
  const dataDir = mkdtempSync(join(tmpdir(), 'pushbot-bot-'));
  const clock = new ManualClock(DateTime.fromISO('2026-03-02T09:00:00Z'));
  const adminTurns: Activity[] = [];
  const config = parseConfig({
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://bot.example.com',
    URL_SIGNING_SECRET: 'bot-server-signing-secret-of-32-characters',
    LOG_LEVEL: 'silent',
    ADMIN_EMAILS: (options.adminEmails ?? []).join(','),
    ADMIN_IDS: (options.adminIds ?? []).join(','),
    ...(options.appId
      ? {
          MicrosoftAppId: options.appId,
          MicrosoftAppPassword: 'secret',
          MicrosoftAppType: 'MultiTenant',
        }
      : {}),
  });
  const app = await createApp(
    { ...config, port: 0 },
    {
      clock,
      logger: silentLogger,
      adminTurn: async (context) => {
        adminTurns.push({ ...context.activity });
        await options.adminTurn?.(context);
      },
    },
  );
  const port = await app.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    store: app.store,
    clock,
    conversationState: app.conversationState,
    adminTurns,
    post: (activity, headers = {}) =>
      fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      }),
    close: async () => {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
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
