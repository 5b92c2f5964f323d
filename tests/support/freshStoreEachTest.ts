/**
 * For a describe block on one store kind: a fresh, empty store for each test, and nock letting
 * only local connections through (external HTTP is faked), both undone after the test.
 */
import nock from 'nock';
import type { Store, StoreKind } from '../../src/store/Store.js';
import { freshStorage, type TestStorage } from './testStorage.js';

/** Call inside `describe`; read `.store` in hooks and tests. */
export function freshStoreEachTest(kind: StoreKind): { readonly store: Store } {
  let storage: TestStorage | undefined;
  let store: Store | undefined;
  beforeEach(async function () {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    storage = await freshStorage(kind, this);
    store = await storage.open();
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store?.close();
    await storage?.remove();
    storage = undefined;
    store = undefined;
  });
  return {
    get store(): Store {
      if (!store) throw new Error('no store outside a test');
      return store;
    },
  };
}
