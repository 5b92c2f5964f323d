/**
 * The single wiring place: configuration → store → scheduler → delivery → bot → HTTP server,
 * and a graceful stop. Everything else receives what it needs from here.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, parseConfig, type AppConfig } from './config.js';
import { systemClock } from './clock.js';
import { type Clock } from './application/ports/Clock.js';
import { createLogger, type Logger } from './logger.js';
import { openStore, type OpenStore } from './store/openStore.js';
import { agendaBackendFor, createAgenda, drainAndStop } from './scheduler/createAgenda.js';
import { createBotAuthentication } from './channels/botAuthentication.js';
import { createClusterGraphTenants } from './graph/GraphTenants.js';
import { directoryOfferFor } from './application/directoryOffer.js';
import type { Directory } from './application/ports/Directory.js';
import { tenantIdOf } from './bot/identity.js';
import { registerClickRoutes } from './tracking/clickRoutes.js';
import { CampaignQueries } from './application/CampaignQueries.js';
import { createChatServices } from './application/ChatServices.js';
import { TrackedLinks } from './application/TrackedLinks.js';
import { ReportService } from './reports/ReportService.js';
import { createDeliveryEngine } from './delivery/createDeliveryEngine.js';
import { registerReportRoutes } from './reports/reportRoutes.js';
import { createBotAdapter } from './server/botAuth.js';
import { closeServer, createServer, listen } from './server/createServer.js';
import { conversationStateOn } from './bot/conversationState.js';
import { PushBot, type PushBotDeps } from './bot/PushBot.js';
import { AcknowledgementAnswers } from './bot/AcknowledgementAnswers.js';
import { Acknowledgements } from './application/Acknowledgements.js';
import { LinkTracker } from './tracking/LinkTracker.js';
import { ReachableUserRecorder } from './bot/ReachableUserRecorder.js';
import { IdentityCommands } from './bot/IdentityCommands.js';
import { SkypePairing } from './identity/SkypePairing.js';
import { MainDialog } from '../dialogs/MainDialog.js';
import { defineCampaignJobs } from '../jobs/campaignJobs.js';
import { defineInstallationJobs } from '../jobs/installationJobs.js';
import { VERSION } from './version.js';

/** How often each process looks for due app installations. */
const INSTALL_EVERY = '30 seconds';
/** How long SIGTERM waits for the batch in hand and running jobs before giving up. */
const DRAIN_TIMEOUT_MS = 25_000;

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** How often Agenda looks for due campaign jobs, in ms; Agenda's default (5 s) when unset. */
  jobScanEveryMs?: number;
  /** Replaces the admin dialogs: tests of the bot's own gate, recording and state saving. */
  adminTurn?: PushBotDeps['adminTurn'];
}

export interface App {
  store: OpenStore;
  /** The conversation state the bot saves after each turn. */
  conversationState: PushBotDeps['conversationState'];
  /** Starts the scheduler and the HTTP server; resolves with the bound port. */
  start(): Promise<number>;
  /** Stops taking requests, drains running jobs, closes the store. */
  stop(): Promise<void>;
}

/** Builds the whole bot from a parsed configuration. Tests build it too, with their own clock. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore({ dataDir: config.dataDir, mongodbUrl: config.mongodbUrl });
  const secret = signingSecret(config, logger);
  // One set of bot credentials: its token cache serves the inbound adapter and every send.
  const botAuth = createBotAuthentication(config.bot);

  const { users, deliveries } = store;
  // Each tenant's own Graph, built when first needed (one tenant's only, single-tenant).
  const graph = config.graph
    ? createClusterGraphTenants({ ...config, graph: config.graph }, logger, {
        clock,
        slots: store.sendRate,
      })
    : undefined;
  const reports = new ReportService({
    ...store,
    publicUrl: config.publicUrl,
    secret,
    clock,
  });
  const engine = createDeliveryEngine({
    store,
    clock,
    logger,
    publicUrl: config.publicUrl,
    sendRatePerSecond: config.sendRatePerSecond,
    botAuth,
    botAppId: config.bot.appId,
    graph,
    reports,
  });
  const { sender } = engine;

  const agendaBackend = agendaBackendFor(store);
  const agenda = createAgenda({
    backend: agendaBackend,
    name: engine.worker.status().workerId,
    processEvery: options.jobScanEveryMs,
    logger,
  });
  const jobs = defineCampaignJobs({
    agenda,
    campaigns: new CampaignQueries(store),
    starter: engine.starter,
    finisher: engine.finisher,
    clock,
    wakeDispatch: () => engine.worker.wake(),
  });
  const installationJobs = engine.installationWorker
    ? defineInstallationJobs({
        agenda,
        worker: engine.installationWorker(),
        every: INSTALL_EVERY,
      })
    : undefined;

  const { conversationState, dialogState } = conversationStateOn(store.botStorage);
  // Admins get their own tenant's directory and presence; without them, the dialogs of a bot
  // without Graph, told why when Graph exists.
  const dialogDeps = (presenceConfigured: boolean) => ({
    ...createChatServices({
      ...store,
      clock,
      jobs,
      sender,
      logger,
      defaultTimeZone: config.defaultTimeZone,
      presenceConfigured,
    }),
    reports,
    clock,
    defaultTimeZone: config.defaultTimeZone,
    presenceConfigured,
  });
  // One dialog per tenant directory, kept as long as the tenant's Graph services are.
  const directoryDialogs = new WeakMap<Directory, MainDialog>();
  const directoryDialog = (directory: Directory, consentUrl: string | undefined) => {
    let dialog = directoryDialogs.get(directory);
    if (dialog === undefined) {
      dialog = new MainDialog({ ...dialogDeps(true), directory, consentUrl });
      directoryDialogs.set(directory, dialog);
    }
    return dialog;
  };
  const noGraphDialog = new MainDialog(dialogDeps(false));
  let otherTenantDialog: MainDialog | undefined;
  const adminDialogFor = async (tenantId: string): Promise<MainDialog> => {
    const offer = await directoryOfferFor(graph, tenantId);
    switch (offer.kind) {
      case 'directory':
        return directoryDialog(offer.directory, offer.consentUrl);
      case 'another-tenant':
        otherTenantDialog ??= new MainDialog({ ...dialogDeps(false), directoryNote: offer.note });
        return otherTenantDialog;
      case 'not-consented':
        // Only until the tenant's admin consents: its note holds the tenant's own link.
        return new MainDialog({ ...dialogDeps(false), directoryNote: offer.note });
      case 'no-graph':
        return noGraphDialog;
    }
  };
  const admins = { emails: config.adminEmails, ids: config.adminIds };
  const bot = new PushBot({
    recorder: new ReachableUserRecorder({ users, clock, logger }),
    deliveries,
    clock,
    admins,
    acknowledgements: new AcknowledgementAnswers(
      new Acknowledgements({
        ...store,
        links: new LinkTracker({ tracking: store.tracking, publicUrl: config.publicUrl }),
        clock,
        logger,
      }),
      logger,
    ),
    identityCommands: new IdentityCommands({
      pairing: new SkypePairing(store.pairing, store.users),
      admins,
      clock,
      logger,
    }),
    adminTurn:
      options.adminTurn ??
      (async (context) =>
        (await adminDialogFor(tenantIdOf(context.activity))).run(context, dialogState)),
    conversationState,
    logger,
  });

  let schedulerRunning = false;
  const server = createServer({
    adapter: createBotAdapter({
      authentication: botAuth,
      logger,
      conversationState,
    }),
    bot,
    localMode: config.localMode,
    logger,
    health: async () => ({
      status: 'ok',
      store: store.kind,
      scheduler: schedulerRunning ? 'running' : 'stopped',
      dispatchWorker: engine.worker.status(),
      clusterSendRatePerSecond: await engine.clusterSendRate(),
      version: VERSION,
    }),
    routes: [
      registerClickRoutes({ links: new TrackedLinks(store.tracking), clock, logger }),
      registerReportRoutes({
        reports: reports.queries,
        secret,
        clock,
        logger,
      }),
    ],
  });

  return {
    store,
    conversationState,
    async start() {
      await agenda.start();
      await jobs.removeRetiredJobs();
      await installationJobs?.startRecurringInstallations();
      engine.worker.start();
      schedulerRunning = true;
      const port = await listen(server, config.port);
      logger.info(
        { port, store: store.kind, localMode: config.localMode, version: VERSION },
        'listening',
      );
      return port;
    },
    async stop() {
      await closeServer(server);
      await engine.worker.stop(DRAIN_TIMEOUT_MS);
      await drainAndStop(agenda, DRAIN_TIMEOUT_MS);
      schedulerRunning = false;
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const app = await createApp(configOrExit(process.env));
  await app.start();
  stopGracefullyOnSignals(app);
}

let processSecret: string | undefined;

/** Signed report links need one secret per deployment; without one, a per-process secret. */
function signingSecret(config: AppConfig, logger: Logger): string {
  if (config.urlSigningSecret) return config.urlSigningSecret;
  if (!processSecret) {
    processSecret = randomBytes(32).toString('base64url');
    logger.warn(
      'URL_SIGNING_SECRET is not set: report and export links stop working after a restart',
    );
  }
  return processSecret;
}

/** A bad variable is an operator mistake: one clear line, no stack trace. */
function configOrExit(env: NodeJS.ProcessEnv): AppConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
}

function stopGracefullyOnSignals(app: App): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Unclean stop: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/** Run only when executed (`node dist/src/main.js`), not when a test imports createApp. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
