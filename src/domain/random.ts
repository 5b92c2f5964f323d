/**
 * Deterministic randomness for scheduling. Rules take an `Rng` instead of calling Math.random so that
 * tests (and replays of a campaign's plan) get the same instants from the same seed.
 */

/** Uniform in [0, 1). */
export type Rng = () => number;

/** A fast, deterministic generator: the seed is hashed (FNV-1a) into the state of mulberry32. */
export function seededRng(seed: string | number): Rng {
  let state = fnv1a(String(seed));
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An instant (epoch ms) drawn uniformly among the whole seconds of [fromMs, toMs).
 * `fromMs` should itself be a whole second so every result is one.
 */
export function uniformWholeSecond(fromMs: number, toMs: number, rng: Rng): number {
  const seconds = Math.ceil((toMs - fromMs) / 1000);
  if (seconds < 1) {
    throw new RangeError(`empty interval [${fromMs}, ${toMs})`);
  }
  return fromMs + Math.floor(rng() * seconds) * 1000;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
