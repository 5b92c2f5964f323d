/**
 * The whole bot as `src/main.ts` builds it (createApp), in local mode on fresh storage of either
 * kind (a temporary DATA_DIR, or a MongoDB database of its own), driven over real HTTP on
 * 127.0.0.1. Time is a ManualClock; the Bot Connector is the stand-in of
 * tests/support/standInConnector.ts, through nock.
 *
 * Agenda decides when jobs are due from the wall clock, not from the injected clock: the
 * business dates here lie years ahead so no campaign job can come due while a test runs.
 */
import type { Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import { ManualClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createApp, type App, type AppOptions } from '../../src/main.js';
import type { StoreKind } from '../../src/store/Store.js';
import type { OpenStore } from '../../src/store/openStore.js';
import { agendaBackendFor } from '../../src/scheduler/createAgenda.js';
import { BOT, SERVICE_URL, TENANT_ID } from '../bot/botServerHarness.js';
import type { Member } from '../support/standInConnector.js';
import { freshStorage, type TestStorage } from '../support/testStorage.js';
import { dateReads } from '../support/virtualDate.js';
import type { PostedActivity, StandInConnector } from '../support/standInConnector.js';

export const ADMIN_EMAIL = 'ada@contoso.test';
export const PUBLIC_URL = 'https://bot.contoso.test';
export const TIME_ZONE = 'Europe/Paris';
/** Wednesday 3 December 2036, 10:00 in Paris. */
export const NOW = DateTime.fromISO('2036-12-03T10:00:00', { zone: TIME_ZONE });

export const ADA: Member = {
  id: '29:ada',
  name: 'Ada Lovelace',
  aadObjectId: 'aad-ada',
  email: 'Ada@Contoso.test',
  givenName: 'Ada',
  surname: 'Lovelace',
};
export const GRACE: Member = {
  id: '29:grace',
  name: 'Grace Hopper',
  aadObjectId: 'aad-grace',
  email: 'grace@contoso.test',
  givenName: 'Grace',
  surname: 'Hopper',
};

/** How often Agenda looks for due jobs in virtual time: often, so a due job runs at once. */
const VIRTUAL_JOB_SCAN_MS = 20;

/** One running app; `restart` replaces it with a new one on the same data. */
export class E2eApp {
  private stopped = false;

  private constructor(
    readonly storage: TestStorage,
    readonly clock: ManualClock,
    private app: App,
    public baseUrl: string,
    private readonly env: Record<string, string>,
    private readonly options: Pick<AppOptions, 'jobScanEveryMs'> = {},
    /** Set in virtual time: gives `Date` back to the wall clock. */
    private readonly restoreDate?: () => void,
  ) {}

  /**
   * The app in virtual time: Agenda, which reads `Date`, reads the ManualClock like everything
   * else (see virtualDate.ts), so jobs come due as tests move the clock (virtualRun.ts).
   */
  static async startInVirtualTime(
    kind: StoreKind,
    context: Mocha.Context,
    env: Record<string, string> = {},
    now = NOW,
  ): Promise<E2eApp> {
    const storage = await freshStorage(kind, context);
    const clock = new ManualClock(now);
    const restoreDate = dateReads(clock);
    try {
      const options = { jobScanEveryMs: VIRTUAL_JOB_SCAN_MS };
      const { app, baseUrl } = await launch(storage, clock, env, options);
      return new E2eApp(storage, clock, app, baseUrl, env, options, restoreDate);
    } catch (error) {
      restoreDate();
      await storage.remove();
      throw error;
    }
  }

  /**
   * Skips the test (a failure under CI=true) when `kind` is MongoDB and no server is available.
   * `env` adds to or overrides the configuration every test uses.
   */
  static async start(
    kind: StoreKind,
    context: Mocha.Context,
    now = NOW,
    env: Record<string, string> = {},
  ): Promise<E2eApp> {
    const storage = await freshStorage(kind, context);
    const clock = new ManualClock(now);
    try {
      const { app, baseUrl } = await launch(storage, clock, env);
      return new E2eApp(storage, clock, app, baseUrl, env);
    } catch (error) {
      await storage.remove();
      throw error;
    }
  }

  get store(): OpenStore {
    return this.app.store;
  }

  /**
   * The Agenda jobs named `name`, read through Agenda's own repository on the app's database,
   * so the same question is asked of either store.
   */
  async scheduledJobs(name: string) {
    const { repository } = agendaBackendFor(this.store);
    // On the store's open connection: connecting opens nothing, and nothing needs closing.
    await repository.connect();
    return (await repository.queryJobs({ name })).jobs;
  }

  /** Stops this app (as SIGTERM would) and builds a fresh one on the same data. */
  async restart(): Promise<void> {
    await this.app.stop();
    const { app, baseUrl } = await launch(this.storage, this.clock, this.env, this.options);
    this.app = app;
    this.baseUrl = baseUrl;
  }

  /** Stops the app and removes its data; a second call does nothing. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await (this.restoreDate ? this.stopInVirtualTime() : this.app.stop());
    } finally {
      this.restoreDate?.();
      await this.storage.remove();
    }
  }

  /** Draining waits on the clock too: it keeps moving until the app has stopped. */
  private async stopInVirtualTime(): Promise<void> {
    let stopped = false;
    let failure: unknown;
    void this.app.stop().then(
      () => (stopped = true),
      (error: unknown) => {
        failure = error;
        stopped = true;
      },
    );
    while (!stopped) {
      this.clock.advance({ seconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    if (failure !== undefined) throw failure;
  }

  /** POSTs one activity to /api/messages; the turn is over when the answer arrives. */
  async post(activity: Partial<Activity>): Promise<Response> {
    return fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }

  /** GET on this server of `link`'s path and query (links carry PUBLIC_URL, the server's public name). */
  async get(link: string): Promise<Response> {
    const url = new URL(link, PUBLIC_URL);
    return fetch(`${this.baseUrl}${url.pathname}${url.search}`);
  }
}

async function launch(
  storage: TestStorage,
  clock: ManualClock,
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'jobScanEveryMs'> = {},
): Promise<{ app: App; baseUrl: string }> {
  const parsed = parseConfig({
    ...storage.env,
    PUBLIC_URL,
    ADMIN_EMAILS: ADMIN_EMAIL,
    DEFAULT_TIMEZONE: TIME_ZONE,
    URL_SIGNING_SECRET: 'e2e-signing-secret-of-at-least-32-characters',
    LOG_LEVEL: 'silent',
    ...env,
  });
  // Operators must give PORT 1–65535; a test binds whatever port is free.
  const config = { ...parsed, port: 0 };
  // Agenda looks for due jobs every 200 ms unless told otherwise, not every 5 s: a started
  // campaign's job runs without seconds of real waiting.
  const app = await createApp(config, {
    clock,
    logger: silentLogger,
    jobScanEveryMs: 200,
    ...options,
  });
  const port = await app.start();
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

/** A user in their 1:1 Teams chat with the bot. */
export class TeamsUser {
  /** Messages this user sent (each one is a turn of theirs). */
  turns = 0;
  private sequence = 0;

  constructor(
    private readonly e2e: E2eApp,
    private readonly connector: StandInConnector,
    readonly member: Member,
  ) {}

  /** Id of the last activity this user sent; the bot's replies to it carry it as replyToId. */
  get lastActivityId(): string {
    return this.activityId(this.sequence);
  }

  get conversationId(): string {
    return `a:chat-${this.member.id}`;
  }

  /** Teams' `installationUpdate` (add) of the bot in the user's personal scope. */
  async install(): Promise<PostedActivity[]> {
    return this.send({ type: 'installationUpdate', action: 'add' });
  }

  /** Teams' `conversationUpdate` when the 1:1 chat with the bot is created. */
  async joinConversation(): Promise<PostedActivity[]> {
    return this.send({
      type: 'conversationUpdate',
      membersAdded: [{ id: this.member.id, name: this.member.name }, BOT],
    });
  }

  /** A typed message, or a card submit (`{ value }`). Returns what the bot posted during the turn. */
  async say(input: string | { value: Record<string, unknown> }): Promise<Partial<Activity>[]> {
    this.turns += 1;
    const message: Partial<Activity> =
      typeof input === 'string'
        ? { type: 'message', text: input }
        : { type: 'message', text: '', value: input.value };
    const posted = await this.send(message);
    const elsewhere = posted.filter((p) => p.conversationId !== this.conversationId);
    if (elsewhere.length > 0) {
      throw new Error(`unexpected posts to ${elsewhere.map((p) => p.conversationId).join(', ')}`);
    }
    return posted.map((p) => p.activity);
  }

  /** Everything the bot posted while it handled `overrides`, in any conversation. */
  async send(overrides: Partial<Activity>): Promise<PostedActivity[]> {
    const before = this.connector.posted.length;
    this.sequence += 1;
    const res = await this.e2e.post({
      id: this.activityId(this.sequence),
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      from: { id: this.member.id, name: this.member.name, aadObjectId: this.member.aadObjectId },
      recipient: BOT,
      conversation: {
        id: this.conversationId,
        conversationType: 'personal',
        tenantId: TENANT_ID,
        isGroup: false,
        name: '',
      },
      channelData: { tenant: { id: TENANT_ID } },
      ...overrides,
    });
    if (res.status >= 300) {
      throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
    }
    return this.connector.posted.slice(before);
  }

  private activityId(sequence: number): string {
    return `${this.member.id}-activity-${sequence}`;
  }
}
