/** How long a throttled or failing call should wait before its next try. */

/**
 * `Retry-After` as milliseconds from `nowMs`: either delta-seconds ("2") or an HTTP date.
 * Undefined when absent or unreadable; a date in the past means "now" (0).
 */
export function parseRetryAfter(
  header: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (header === null || header === undefined || header.trim() === '') {
    return undefined;
  }
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Math.round(Number(value) * 1_000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with jitter over the upper half of each step, so that many callers
 * throttled together do not come back together: attempt 1 → 0.5–1 × base, 2 → 1–2 × base, …
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number): number {
  const step = baseMs * 2 ** (attempt - 1);
  return Math.round(step / 2 + (random() * step) / 2);
}
