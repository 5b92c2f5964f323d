/**
 * The single wiring place: configuration → store → bot → HTTP server, and a graceful stop.
 * Everything else receives what it needs from here.
 */
import { config as loadDotenv } from 'dotenv';
import { ConversationState, UserState } from 'botbuilder';
import { ConfigError, parseConfig, type AppConfig } from './config.js';
import { systemClock } from './clock.js';
import { createLogger, type Logger } from './logger.js';
import { openStore } from './store/openStore.js';
import { createBotAuthentication } from './channels/botAuthentication.js';
import { createBotAdapter } from './server/botAuth.js';
import { closeServer, createServer, listen } from './server/createServer.js';
import { PushBot } from './bot/PushBot.js';
import { ReachableUserRecorder } from './bot/ReachableUserRecorder.js';
import { replyWithAdminCommands } from './bot/adminCommands.js';
import { VERSION } from './version.js';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = configOrExit(process.env);
  const logger = createLogger(config.logLevel);
  const clock = systemClock;

  const store = await openStore({ dataDir: config.dataDir, mongodbUrl: config.mongodbUrl });
  const conversationState = new ConversationState(store.botStorage);
  const userState = new UserState(store.botStorage);

  const adapter = createBotAdapter({
    authentication: createBotAuthentication(config.bot),
    logger,
    conversationState,
  });
  const bot = new PushBot({
    recorder: new ReachableUserRecorder({ store, clock, logger }),
    store,
    clock,
    adminEmails: config.adminEmails,
    adminTurn: replyWithAdminCommands,
    conversationState,
    userState,
    logger,
  });

  const server = createServer({
    adapter,
    bot,
    localMode: config.localMode,
    logger,
    health: () => ({ status: 'ok', store: store.kind, scheduler: 'stopped', version: VERSION }),
  });
  const port = await listen(server, config.port);
  logger.info(
    { port, store: store.kind, localMode: config.localMode, version: VERSION },
    'listening',
  );

  stopGracefullyOnSignals(logger, async () => {
    await closeServer(server);
    await store.close();
  });
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

function stopGracefullyOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  console.error(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
