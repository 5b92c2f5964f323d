import type { DebounceOptions } from 'agenda';

export interface DebouncedTiming {
  nextRunAt: number | null;
  debounceStartedAt: number | null;
}

/**
 * When a debounced unique job runs after one more save, with the rules of Agenda's own
 * backends: "trailing" (default) pushes the run `delay` ms past the latest save, but no
 * further than `maxWait` after the first one; "leading" keeps the first save's run time.
 * Instants are epoch ms; `existing` is the stored job, undefined for the first save.
 */
export function debouncedTiming(
  debounce: DebounceOptions,
  existing: DebouncedTiming | undefined,
  requestedNextRunAt: number | null,
  now: number,
): DebouncedTiming {
  const leading = debounce.strategy === 'leading';
  if (!existing) {
    return {
      nextRunAt: leading ? requestedNextRunAt : now + debounce.delay,
      debounceStartedAt: now,
    };
  }
  const startedAt = existing.debounceStartedAt ?? now;
  if (leading) return { nextRunAt: existing.nextRunAt, debounceStartedAt: startedAt };
  if (debounce.maxWait && now - startedAt >= debounce.maxWait) {
    return { nextRunAt: now, debounceStartedAt: null };
  }
  return { nextRunAt: now + debounce.delay, debounceStartedAt: startedAt };
}
