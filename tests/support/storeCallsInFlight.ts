/**
 * The store as it is, with a count of its calls still under way. A test in virtual time moves
 * the clock only when nothing waits on the store: a MongoDB round trip on a loaded machine can
 * outlast the few event-loop turns `settle()` gives, and time must not run on meanwhile.
 */
import type { Store } from '../../src/store/Store.js';

export interface CountedStore {
  store: Store;
  /** Calls of any repository of the store whose promise has not settled yet. */
  inFlight(): number;
}

export function storeCallsInFlight(store: Store): CountedStore {
  let pending = 0;
  const done = () => {
    pending--;
  };
  const counted = new Map<PropertyKey, unknown>();
  const countCalls = (repository: object) =>
    new Proxy(repository, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (result instanceof Promise) {
            pending++;
            result.then(done, done);
          }
          return result;
        };
      },
    });
  const proxied = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'object' || value === null) return value;
      if (!counted.has(name)) counted.set(name, countCalls(value));
      return counted.get(name);
    },
  });
  return { store: proxied, inFlight: () => pending };
}
