/**
 * A Bot Connector stand-in on 127.0.0.1 for tests and the benchmark whose senders run in other
 * processes (nock cannot reach them). It answers `POST /v3/conversations/:id/activities` with
 * 201 and records every activity it received, in arrival order, with its arrival time.
 * `GET /stats` tells how many activities and distinct conversations it saw, and
 * `GET /arrivals` lists them, for a caller in another process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  conversationId: string;
  /** The conversation's tenant, as the activity names it. */
  tenantId: string | undefined;
  text: string;
  /** Arrival, epoch ms on this machine's clock. */
  at: number;
}

export interface FakeBotConnectorOptions {
  /** Called on each arrival, before it is answered; may hold the answer back by returning a promise. */
  onActivity?: (activity: ReceivedActivity, index: number) => Promise<void> | void;
  /** Keep the bodies (texts); off for the benchmark, which only counts. */
  recordTexts?: boolean;
}

const ACTIVITIES_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?\/?$/;

export class FakeBotConnector {
  readonly received: ReceivedActivity[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(private readonly options: FakeBotConnectorOptions = {}) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** The serviceUrl a stored conversation reference points at. */
  serviceUrl(port: number): string {
    return `http://127.0.0.1:${port}/`;
  }

  /** How many activities each conversation received. */
  countsByConversation(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const a of this.received)
      counts.set(a.conversationId, (counts.get(a.conversationId) ?? 0) + 1);
    return counts;
  }

  stats(): { received: number; conversations: number } {
    return { received: this.received.length, conversations: this.countsByConversation().size };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const match = ACTIVITIES_PATH.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET' && (req.url === '/stats' || req.url === '/arrivals')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.url === '/stats' ? this.stats() : this.received));
        return;
      }
      if (req.method !== 'POST' || !match) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        text?: string;
        conversation?: { tenantId?: string };
      };
      const activity: ReceivedActivity = {
        conversationId: decodeURIComponent(match[1]!),
        tenantId: body.conversation?.tenantId,
        text: this.options.recordTexts === false ? '' : (body.text ?? ''),
        at: Date.now(),
      };
      const index = this.received.push(activity) - 1;
      void Promise.resolve(this.options.onActivity?.(activity, index)).then(() => {
        if (res.destroyed) return;
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `activity-${index}` }));
      });
    });
  }
}
