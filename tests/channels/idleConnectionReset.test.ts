/**
 * The idle keep-alive race (issue 15): a server closes a pooled connection the moment the
 * sender reuses it, and the request fails with ECONNRESET before any response. The connector
 * here is our own local HTTP server standing in for the Bot Connector (nock cannot close a
 * real socket): it counts a message as arrived only when it answers it.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { BotConnectorSender } from '../../src/channels/BotConnectorSender.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import { silentLogger } from '../../src/logger.js';
import { createSendLimits } from '../../src/ratelimit/channelLimits.js';
import { fakeTiming } from '../ratelimit/fakeTiming.js';

/** Which request on a connection (1 = its first) the server drops by closing the connection. */
type Drop = (requestOnConnection: number, index: number) => boolean;

class ClosingConnector {
  /** Conversation ids of the messages answered 201, in order. */
  readonly arrived: string[] = [];
  connections = 0;
  private readonly server: http.Server;
  private readonly served = new WeakMap<Socket, number>();
  private requests = 0;

  constructor(private readonly drop: Drop) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', () => this.connections++);
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const onConnection = (this.served.get(req.socket) ?? 0) + 1;
    this.served.set(req.socket, onConnection);
    if (this.drop(onConnection, this.requests++)) {
      // What a server closing an idle connection does: the request is never read.
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      this.arrived.push(decodeURIComponent(/conversations\/([^/]+)\//.exec(req.url ?? '')![1]!));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${this.arrived.length}` }));
    });
  }
}

function user(serviceUrl: string, conversationId: string): ReachableUser {
  return {
    id: `msteams:${conversationId}`,
    tenantId: 'tenant-1',
    channel: 'teams',
    botChannelId: 'msteams',
    email: `${conversationId}@example.com`,
    conversationReference: {
      serviceUrl,
      channelId: 'msteams',
      conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      bot: { id: '28:bot' },
      user: { id: `29:${conversationId}` },
    },
    firstSeenAt: 0,
    lastSeenAt: 0,
  };
}

function localSender(): BotConnectorSender {
  const timing = fakeTiming();
  return new BotConnectorSender({
    auth: new ConfigurationBotFrameworkAuthentication({}),
    botAppId: undefined,
    limits: createSendLimits({ perTenantPerSecond: 50, ...timing }),
    logger: silentLogger,
    clock: timing.clock,
    sleep: timing.sleep,
    random: () => 0.5,
  });
}

describe('BotConnectorSender and a connection the server closed while idle', function () {
  this.timeout(20_000);
  let connector: ClosingConnector | undefined;

  afterEach(async () => {
    await connector?.close();
    connector = undefined;
  });

  it('sends once more, on a new connection, when a reused connection is reset before any response', async () => {
    // The second request of every connection finds it closed by the server.
    connector = new ClosingConnector((onConnection) => onConnection === 2);
    const serviceUrl = await connector.listen();
    const sender = localSender();

    const first = await sender.send(user(serviceUrl, 'conv-a'), 'one');
    const second = await sender.send(user(serviceUrl, 'conv-b'), 'two');

    assert.equal(first.kind, 'sent');
    assert.equal(second.kind, 'sent', `outcome ${JSON.stringify(second)}`);
    assert.deepEqual(connector.arrived, ['conv-a', 'conv-b'], 'each message arrived once');
    assert.equal(connector.connections, 2, 'the second message went on a new connection');
  });

  it('keeps `unknown` for a reset on a new connection: the server may have read the message', async () => {
    connector = new ClosingConnector((onConnection) => onConnection === 1);
    const serviceUrl = await connector.listen();

    const outcome = await localSender().send(user(serviceUrl, 'conv-a'), 'one');

    assert.deepEqual(outcome, { kind: 'unknown', reason: 'connection-reset' });
    assert.equal(connector.connections, 1, 'not sent again');
  });
});
