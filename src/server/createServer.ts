/**
 * The HTTP edge: `POST /api/messages` (Bot Framework), `GET /healthz`, and whatever routes other
 * modules register (tracked links, report charts) through `RouteRegistrar`s.
 */
import type { AddressInfo } from 'node:net';
import restify, {
  type Next,
  type Request,
  type Response,
  type Server,
  type ServerOptions,
} from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';
import { isLoopbackAddress } from './loopback.js';

/** Adds routes to the server; lets a feature own its endpoints without editing this file. */
export type RouteRegistrar = (server: Server) => void;

export interface HealthReport {
  status: 'ok';
  /** Which database the store runs on: 'sqlite' or 'mongodb'. */
  store: string;
  scheduler: 'running' | 'stopped';
  version: string;
}

export interface ServerDeps {
  adapter: Pick<CloudAdapter, 'process'>;
  /** The bot whose `run` handles every authenticated activity (an ActivityHandler). */
  bot: { run(context: TurnContext): Promise<void> };
  /** No bot app id: Bot Framework authentication is off, so only loopback callers are served. */
  localMode: boolean;
  health: () => HealthReport | Promise<HealthReport>;
  routes?: RouteRegistrar[];
  logger: Logger;
}

/** Bot Framework activities are small; a cap keeps a hostile caller from filling memory. */
const MAX_ACTIVITY_BYTES = 1024 * 1024;

const LOCAL_MODE_REFUSAL = {
  code: 'Forbidden',
  message:
    'This bot runs in local mode (no MicrosoftAppId): only callers on this machine are served.',
};

export function createServer(deps: ServerDeps): Server {
  const { adapter, bot, logger } = deps;
  const server = restify.createServer({
    name: 'push-campaign-bot',
    handleUncaughtExceptions: false,
    // restify 11 logs through pino; @types/restify still describes its old bunyan logger.
    log: logger.child({ component: 'http' }) as unknown as ServerOptions['log'],
  });

  const guards = deps.localMode ? [loopbackOnly(logger)] : [];
  server.post(
    '/api/messages',
    ...guards,
    restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_ACTIVITY_BYTES }),
    async (req: Request, res: Response) => {
      if (!isActivity(req.body)) {
        res.send(400, {
          code: 'BadRequest',
          message: 'The body must be a Bot Framework activity.',
        });
        return;
      }
      await adapter.process(req, res, (context) => bot.run(context));
    },
  );

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, await deps.health());
  });

  for (const register of deps.routes ?? []) register(server);

  server.on('restifyError', hideServerErrors(logger));
  return server;
}

function isActivity(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { type?: unknown }).type === 'string'
  );
}

function loopbackOnly(logger: Logger) {
  return (req: Request, res: Response, next: Next) => {
    const caller = req.socket.remoteAddress;
    if (isLoopbackAddress(caller)) return next();
    logger.warn({ caller }, 'local mode: refused a non-loopback caller');
    res.send(403, LOCAL_MODE_REFUSAL);
    return next(false);
  };
}

/**
 * Client errors (404, 405, 413…) keep restify's `{ code, message }` body. Anything that is a
 * server fault is logged here with its stack and answered with a generic body, so no internal
 * detail reaches the caller.
 */
function hideServerErrors(logger: Logger) {
  return (req: Request, res: Response, err: Error & { statusCode?: number }, done: () => void) => {
    const status = err.statusCode;
    if (typeof status !== 'number' || status >= 500) {
      // The route, not the path: a path can hold a secret (the token of /r/:token).
      logger.error({ err, method: req.method, route: routeOf(req) }, 'request failed');
      if (!res.headersSent) res.send(500, { code: 'InternalError', message: 'Internal error' });
    }
    done();
  };
}

function routeOf(req: Request): string {
  const path = req.getRoute()?.path;
  return path === undefined ? 'unrouted' : String(path);
}

/** Starts listening; resolves with the bound port (useful with port 0). */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    const onListening = () => {
      server.server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    };
    if (host === undefined) server.listen(port, onListening);
    else server.listen(port, host, onListening);
  });
}

/** Stops accepting connections and resolves once open requests are done. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
