/** Who counts as "this machine" for the local mode of the bot endpoint. */
import { isIPv4, isIPv6 } from 'node:net';

/**
 * True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x (`::ffff:127.0.0.1`), in any spelling
 * Node may report. Anything else — including a missing address — is not loopback.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (isIPv4(address)) return address.startsWith('127.');
  if (!isIPv6(address)) return false;
  return isCanonicalIPv6Loopback(canonicalIPv6(address));
}

/** The URL parser rewrites every IPv6 spelling into one compressed form, e.g. `[::ffff:7f00:1]`. */
function canonicalIPv6(address: string): string | undefined {
  try {
    return new URL(`http://[${address}]/`).hostname;
  } catch {
    return undefined; // e.g. a zone id (`fe80::1%eth0`): never loopback
  }
}

function isCanonicalIPv6Loopback(canonical: string | undefined): boolean {
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical ?? '');
}

/**
 * True for a host name that stays on this machine without asking DNS: `localhost` or a
 * loopback address, as URLs and Host headers write them (`127.0.0.1`, `[::1]`).
 */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  if (name === 'localhost') return true;
  const unbracketed = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  return isLoopbackAddress(unbracketed);
}

/** True for an http(s) URL whose host is loopback, e.g. the Agents Playground's `http://localhost:56150/_connector`. */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) && isLoopbackHostname(parsed.hostname);
  } catch {
    return false;
  }
}
