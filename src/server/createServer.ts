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
import { missingActivityFields } from './activityShape.js';
import { isDirectLocalCaller, notDirectLocalCaller } from './directLocalCaller.js';
import { notPlainJson } from './jsonOnly.js';
import { isLoopbackUrl } from './loopback.js';

/** Adds routes to the server; lets a feature own its endpoints without editing this file. */
export type RouteRegistrar = (server: Server) => void;

export interface HealthReport {
  status: 'ok';
  /**
   * Which database the store runs on: 'sqlite' or 'mongodb'. Everything but `status` is shown
   * only to direct local callers (see directLocalCaller.ts).
   */
  store: string;
  scheduler: 'running' | 'stopped';
  version: string;
}

export interface ServerDeps {
  adapter: Pick<CloudAdapter, 'process'>;
  /** The bot whose `run` handles every authenticated activity (an ActivityHandler). */
  bot: { run(context: TurnContext): Promise<void> };
  /** No bot app id: Bot Framework authentication is off, so only direct local callers are served. */
  localMode: boolean;
  health: () => HealthReport | Promise<HealthReport>;
  routes?: RouteRegistrar[];
  logger: Logger;
}

/** Bot Framework activities are small; a cap keeps a hostile caller from filling memory. */
const MAX_ACTIVITY_BYTES = 1024 * 1024;

const LOCAL_MODE = 'This bot runs in local mode (no MicrosoftAppId)';

export function createServer(deps: ServerDeps): Server {
  const { adapter, bot, logger } = deps;
  const server = restify.createServer({
    name: 'push-campaign-bot',
    handleUncaughtExceptions: false,
    // restify 11 logs through pino; @types/restify still describes its old bunyan logger.
    log: logger.child({ component: 'http' }) as unknown as ServerOptions['log'],
  });

  const guards = deps.localMode ? [directLocalCallersOnly(logger)] : [bearerTokenRequired(logger)];
  server.post(
    '/api/messages',
    ...guards,
    plainJsonOnly(logger),
    restify.plugins.bodyReader({ maxBodySize: MAX_ACTIVITY_BYTES }),
    ...restify.plugins.jsonBodyParser({ mapParams: false, bodyReader: true }),
    async (req: Request, res: Response) => {
      const missing = missingActivityFields(req.body);
      if (missing.length > 0) {
        logger.warn({ missing }, 'refused a body that is not a Bot Framework activity');
        res.send(400, {
          code: 'BadRequest',
          message: `The body must be a Bot Framework activity; missing: ${missing.join(', ')}.`,
        });
        return;
      }
      if (deps.localMode && !isLoopbackUrl((req.body as { serviceUrl: string }).serviceUrl)) {
        logger.warn('local mode: refused an activity whose serviceUrl is not on this machine');
        res.send(403, {
          code: 'Forbidden',
          message: `${LOCAL_MODE} and answers only to a serviceUrl on this machine.`,
        });
        return;
      }
      await adapter.process(req, res, (context) => bot.run(context));
    },
  );

  server.get('/healthz', async (req: Request, res: Response) => {
    const report = await deps.health();
    res.send(200, isDirectLocalCaller(callerOf(req)) ? report : { status: report.status });
  });

  for (const register of deps.routes ?? []) register(server);

  server.on('restifyError', hideServerErrors(logger));
  return server;
}

function callerOf(req: Request) {
  return { remoteAddress: req.socket.remoteAddress, headers: req.headers };
}

/** Local mode checks no token: whoever is not a program on this machine is refused. */
function directLocalCallersOnly(logger: Logger) {
  return (req: Request, res: Response, next: Next) => {
    const reason = notDirectLocalCaller(callerOf(req));
    if (reason === undefined) return next();
    logger.warn({ caller: req.socket.remoteAddress, reason }, 'local mode: refused a caller');
    res.send(403, {
      code: 'Forbidden',
      message: `${LOCAL_MODE} and serves only programs on this machine; refused because ${reason}.`,
    });
    return next(false);
  };
}

/**
 * With a bot app id every activity carries a Bot Framework bearer token. A request without one
 * is refused from its headers, before its body is read or parsed; the token itself is verified
 * by the adapter, which needs the activity's serviceUrl and channel for the claims it checks.
 */
function bearerTokenRequired(logger: Logger) {
  return (req: Request, res: Response, next: Next) => {
    if (/^Bearer \S+$/i.test(req.headers.authorization ?? '')) return next();
    logger.warn('refused a request without a bearer token');
    res.header('Connection', 'close');
    res.send(401, { code: 'Unauthorized', message: 'Request is not authorized: no bearer token.' });
    return next(false);
  };
}

/** Refuses, from the headers alone, any body but plain JSON: nothing else is read or parsed. */
function plainJsonOnly(logger: Logger) {
  return (req: Request, res: Response, next: Next) => {
    const reason = notPlainJson(req.headers);
    if (reason === undefined) return next();
    logger.warn({ reason }, 'refused a request body that is not plain JSON');
    res.header('Connection', 'close');
    res.send(415, { code: 'UnsupportedMediaType', message: `Refused: ${reason}.` });
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
