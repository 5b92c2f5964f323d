import { setTimeout as delay } from 'node:timers/promises';

/** Waiting is injected wherever code backs off or throttles, so tests never wait for real. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = async (ms) => {
  await delay(ms);
};
