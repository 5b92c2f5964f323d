import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DateTime } from 'luxon';
import nock from 'nock';
import type { Activity } from 'botbuilder';
import type { Server } from 'restify';
import { createBotAuthentication } from '../../src/channels/botAuthentication.js';
import { ManualClock } from '../../src/clock.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { TrackedLinks } from '../../src/application/TrackedLinks.js';
import { registerClickRoutes } from '../../src/tracking/clickRoutes.js';
import { capturedLogs } from '../support/capturedLogs.js';
import { multipartBody, rawRequest } from './httpRequest.js';
import { createBotAdapter } from '../../src/server/botAuth.js';
import {
  closeServer,
  createServer,
  listen,
  type RouteRegistrar,
} from '../../src/server/createServer.js';

/**
 * The HTTP edge with the real CloudAdapter and a bot that only notes what reached it: local
 * mode, or with `appId` the Bot Framework authentication of a registered bot.
 */
async function start(
  options: { host?: string; routes?: RouteRegistrar[]; logger?: Logger; appId?: string } = {},
) {
  const handled: Array<Partial<Activity>> = [];
  const logger = options.logger ?? silentLogger;
  const botConfig = options.appId
    ? { appId: options.appId, appPassword: 'secret', appType: 'MultiTenant' as const }
    : { appType: 'MultiTenant' as const };
  const server: Server = createServer({
    adapter: createBotAdapter({ authentication: createBotAuthentication(botConfig), logger }),
    bot: {
      run: async (context) => {
        handled.push({ ...context.activity });
      },
    },
    localMode: options.appId === undefined,
    logger,
    health: () => ({ status: 'ok', store: 'sqlite', scheduler: 'running', version: '1.2.3' }),
    routes: options.routes,
  });
  const port = await listen(server, 0, options.host ?? '127.0.0.1');
  return { server, port, handled };
}

const eventActivity = {
  type: 'event',
  name: 'ping',
  channelId: 'emulator',
  serviceUrl: 'http://localhost:1/',
  from: { id: 'user-1' },
  recipient: { id: 'bot' },
  conversation: { id: 'conv-1' },
};

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** An IPv4 address of this machine that is not loopback, when it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;
}

/** Runs `body` with the process's temp folder (os.tmpdir(), where upload parsers write) at `folder`. */
async function withTempFolder<T>(folder: string, body: () => Promise<T>): Promise<T> {
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  try {
    assert.equal(tmpdir(), folder);
    return await body();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

describe('createServer (HTTP edge)', () => {
  let server: Server | undefined;

  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });

  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('GET /healthz shows a loopback caller the whole injected health()', async () => {
    const started = await start();
    server = started.server;

    const res = await fetch(`http://127.0.0.1:${started.port}/healthz`);

    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await res.json(), {
      status: 'ok',
      store: 'sqlite',
      scheduler: 'running',
      version: '1.2.3',
    });
  });

  it('serves a loopback caller on /api/messages in local mode', async () => {
    const started = await start();
    server = started.server;

    const res = await post(`http://127.0.0.1:${started.port}/api/messages`, eventActivity);

    assert.equal(res.status, 200);
    assert.deepEqual(
      started.handled.map((a) => [a.type, a.name]),
      [['event', 'ping']],
    );
  });

  it('GET /healthz shows a caller on another address only the status', async function () {
    const external = externalAddress();
    if (!external) this.skip();
    nock.enableNetConnect(external);
    const started = await start({ host: '0.0.0.0' });
    server = started.server;

    const res = await fetch(`http://${external}:${started.port}/healthz`);

    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('GET /healthz shows a request forwarded by a local reverse proxy only the status', async () => {
    const started = await start();
    server = started.server;

    const res = await fetch(`http://127.0.0.1:${started.port}/healthz`, {
      headers: { 'X-Forwarded-For': '203.0.113.7' },
    });

    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('refuses a non-loopback caller with 403 before any handler in local mode', async function () {
    const external = externalAddress();
    if (!external) this.skip();
    nock.enableNetConnect(external);
    const started = await start({ host: '0.0.0.0' });
    server = started.server;

    const res = await post(`http://${external}:${started.port}/api/messages`, eventActivity);

    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /local mode/);
    assert.equal(started.handled.length, 0);
  });

  it('answers 400 to a body that is not an activity', async () => {
    const started = await start();
    server = started.server;

    const res = await post(`http://127.0.0.1:${started.port}/api/messages`, { hello: 'world' });

    assert.equal(res.status, 400);
    assert.equal(started.handled.length, 0);
  });

  it('answers 400 with one log line, no stack, to an activity without a sender ({"type":"message"})', async () => {
    const logs = capturedLogs();
    const started = await start({ logger: logs.logger });
    server = started.server;

    const res = await post(`http://127.0.0.1:${started.port}/api/messages`, { type: 'message' });

    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { message: string }).message,
      /missing: channelId, serviceUrl, from\.id, conversation\.id/,
    );
    assert.equal(started.handled.length, 0);
    assert.equal(logs.lines.length, 1, `one log line expected, got: ${logs.raw.join('')}`);
    assert.equal(logs.lines[0]!.level, 40, 'a warning, not an error');
    assert.equal(logs.lines[0]!.err, undefined, 'no error object, no stack');
  });

  // A registered bot's request needs a bearer value to get past the token guard to this one;
  // its signature is only checked once the body has been read.
  for (const mode of ['local mode', 'a registered bot, an unverified token'] as const) {
    it(`refuses a multipart upload with 415 before reading it, writing no temp file (${mode})`, async () => {
      const local = mode === 'local mode';
      const started = await start(local ? {} : { appId: 'app-multipart' });
      server = started.server;
      const folder = mkdtempSync(join(tmpdir(), 'pushbot-uploads-'));
      try {
        const upload = multipartBody(200, 100);

        const res = await withTempFolder(folder, () =>
          rawRequest(`http://127.0.0.1:${started.port}/api/messages`, {
            method: 'POST',
            headers: {
              'Content-Type': upload.type,
              Host: `127.0.0.1:${started.port}`,
              ...(local ? {} : { Authorization: 'Bearer not-yet-verified' }),
            },
            body: upload.body,
          }),
        );

        assert.equal(res.status, 415);
        assert.deepEqual(readdirSync(folder), [], 'no file written');
        assert.equal(started.handled.length, 0);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }

  it('refuses a compressed JSON body with 415 (its size cap counts compressed bytes)', async () => {
    const started = await start();
    server = started.server;

    const res = await fetch(`http://127.0.0.1:${started.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(eventActivity)),
    });

    assert.equal(res.status, 415);
    assert.equal(started.handled.length, 0);
  });

  it('answers 413 to a JSON body over 1 MiB', async () => {
    const started = await start();
    server = started.server;

    const res = await post(`http://127.0.0.1:${started.port}/api/messages`, {
      ...eventActivity,
      text: 'x'.repeat(1024 * 1024),
    });

    assert.equal(res.status, 413);
    assert.equal(started.handled.length, 0);
  });

  it('mounts the routes of registrars', async () => {
    const started = await start({
      routes: [
        (s) =>
          s.get('/r/:token', (req, res, next) => {
            res.redirect(302, `https://example.com/${req.params.token}`, next);
          }),
      ],
    });
    server = started.server;

    const res = await fetch(`http://127.0.0.1:${started.port}/r/abc`, { redirect: 'manual' });

    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://example.com/abc');
  });

  it('never shows a server fault to the client: generic 500 body, no message, no stack', async () => {
    const started = await start({
      routes: [
        (s) =>
          s.get('/boom', async () => {
            throw new Error('database password is hunter2');
          }),
      ],
    });
    server = started.server;

    const res = await fetch(`http://127.0.0.1:${started.port}/boom`);
    const body = await res.text();

    assert.equal(res.status, 500);
    assert.deepEqual(JSON.parse(body), { code: 'InternalError', message: 'Internal error' });
    assert.doesNotMatch(body, /hunter2|at .*\.ts/);
  });

  it('logs a failed tracked-link request by its route, never with the link token', async () => {
    const store = openSqliteStore(':memory:');
    await store.close(); // every query now throws: the click route answers 500
    const logs = capturedLogs();
    const clock = new ManualClock(DateTime.fromISO('2026-12-07T10:00:00Z'));
    const started = await start({
      routes: [
        registerClickRoutes({
          links: new TrackedLinks(store.tracking),
          clock,
          logger: logs.logger,
        }),
      ],
      logger: logs.logger,
    });
    server = started.server;
    const token = 'Zm9yLXRoZS10cmFja2VkLWxpbmstdGVzdA';

    const res = await fetch(`http://127.0.0.1:${started.port}/r/${token}`, { redirect: 'manual' });

    assert.equal(res.status, 500);
    const [line] = logs.withMessage('request failed');
    assert.deepEqual([line!.method, line!.route], ['GET', '/r/:token']);
    assert.equal(typeof line!.err!.message, 'string');
    assert.doesNotMatch(logs.raw.join(''), new RegExp(token));
  });

  it('keeps client errors as they are (404 for an unknown path)', async () => {
    const started = await start();
    server = started.server;

    const res = await fetch(`http://127.0.0.1:${started.port}/nowhere`);

    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: string }).code, 'ResourceNotFound');
  });

  it('listen resolves with the bound port', async () => {
    const started = await start();
    server = started.server;
    assert.ok(started.port > 0);
    assert.equal((server.address() as { port: number }).port, started.port);
  });
});
