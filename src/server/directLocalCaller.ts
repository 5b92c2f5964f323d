/**
 * Whether a request comes straight from a program on this machine. Local mode serves only
 * such callers (it checks no token), and `/healthz` shows its detail only to them.
 *
 * A loopback socket is not enough: a reverse proxy on this machine connects from loopback on
 * behalf of anyone, and a web page open in a local browser can send requests to localhost
 * (directly, or by DNS rebinding a name of its own to 127.0.0.1).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isLoopbackAddress, isLoopbackHostname } from './loopback.js';

export interface CallerFacts {
  /** The peer address of the TCP connection. */
  remoteAddress: string | undefined;
  headers: IncomingHttpHeaders;
}

/** Headers that reverse proxies and load balancers add to say whom they forward for. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

/** Why the request is not a direct local call, or undefined when it is one. */
export function notDirectLocalCaller(caller: CallerFacts): string | undefined {
  const { remoteAddress, headers } = caller;
  if (!isLoopbackAddress(remoteAddress)) return 'the caller is not on this machine';
  if (PROXY_HEADERS.some((name) => headers[name] !== undefined)) {
    return 'the request was forwarded by a proxy';
  }
  if (!isLoopbackHostname(hostOf(headers.host))) {
    return 'the Host header names another machine';
  }
  const origin = headers.origin;
  if (origin !== undefined && !isLoopbackHostname(hostOf(originHost(origin)))) {
    return 'the request comes from a web page of another site';
  }
  return undefined;
}

export function isDirectLocalCaller(caller: CallerFacts): boolean {
  return notDirectLocalCaller(caller) === undefined;
}

/** The host name of a Host header value (`localhost:3978`, `[::1]:3978`), '' when unreadable. */
function hostOf(host: string | undefined): string {
  if (host === undefined || host === '') return '';
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return '';
  }
}

/** `null` (a sandboxed or opaque origin) and anything unreadable count as another site. */
function originHost(origin: string): string | undefined {
  try {
    const parsed = new URL(origin);
    return /^https?:$/.test(parsed.protocol) ? parsed.host : undefined;
  } catch {
    return undefined;
  }
}
