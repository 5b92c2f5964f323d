/**
 * The HTTP connections of the Bot Connector clients, and the idle-socket race Node's HTTP
 * documentation describes (`request.reusedSocket`): a server may close a keep-alive connection
 * the moment the client reuses it, and the request then fails with ECONNRESET before any
 * response. The server had already given up that connection, so the message did not reach it.
 *
 * Idle connections are closed after IDLE_SOCKET_MS (sooner when the server announces a shorter
 * `Keep-Alive: timeout`), before the keep-alive timeouts servers commonly use (Node's 5 s,
 * load balancers' minutes), which makes the race rare; a request that still loses it is told
 * apart from every other reset by `resetOnReusedSocket`.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';

const IDLE_SOCKET_MS = 4_000;

/** The part of @azure/core-rest-pipeline's PipelinePolicy this module uses (not a dependency of ours). */
export interface RequestPolicy {
  name: string;
  sendRequest(
    request: { url: string; requestId: string; agent?: http.Agent },
    next: (request: never) => Promise<unknown>,
  ): Promise<unknown>;
}
/** Set on every request by the client pipeline (setClientRequestIdPolicy). */
const REQUEST_ID_HEADER = 'x-ms-client-request-id';

/** Marks an error whose request was reset on a reused connection before any response. */
export interface ResetOnReusedSocket {
  resetOnReusedSocket: true;
}

export function isResetOnReusedSocket(error: unknown): error is ResetOnReusedSocket {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Partial<ResetOnReusedSocket>).resetOnReusedSocket === true
  );
}

/** One pair of agents for a process's connector clients, and the policy that uses them. */
export class ConnectorAgents {
  /** Request ids whose reused connection was reset before a response, until their policy reads them. */
  private readonly resets = new Set<string>();
  private readonly http: http.Agent;
  private readonly https: https.Agent;

  constructor(idleSocketMs = IDLE_SOCKET_MS) {
    const onReuse = (request: http.ClientRequest) => this.watch(request);
    const options = { keepAlive: true, timeout: idleSocketMs };
    this.http = new (class extends http.Agent {
      override reuseSocket(socket: Duplex, request: http.ClientRequest): void {
        super.reuseSocket(socket, request);
        onReuse(request);
      }
    })(options);
    this.https = new (class extends https.Agent {
      override reuseSocket(socket: Duplex, request: http.ClientRequest): void {
        super.reuseSocket(socket, request);
        onReuse(request);
      }
    })(options);
  }

  /** Sends every request of a client through these agents and marks resets on reused sockets. */
  policy(): RequestPolicy {
    return {
      name: 'connectorAgents',
      sendRequest: async (request, next) => {
        request.agent ??= request.url.startsWith('https:') ? this.https : this.http;
        try {
          return await next(request as never);
        } catch (error) {
          if (this.resets.delete(request.requestId) && typeof error === 'object' && error !== null)
            Object.assign(error, { resetOnReusedSocket: true });
          throw error;
        } finally {
          this.resets.delete(request.requestId);
        }
      },
    };
  }

  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }

  private watch(request: http.ClientRequest): void {
    const id = request.getHeader(REQUEST_ID_HEADER);
    if (typeof id !== 'string') return;
    let answered = false;
    request.once('response', () => (answered = true));
    request.once('error', () => {
      // Only an error before the response: once the server answered, the message arrived.
      if (!answered) this.resets.add(id);
    });
  }
}
