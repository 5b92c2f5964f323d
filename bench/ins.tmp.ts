import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/SqliteStore.js';
import { pendingDelivery } from '../tests/delivery/support/seed.js';
for (const PAGE of [1000, 5000, 1000, 5000]) { const cache = '-2000';
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sc-')), 'a.sqlite'));
  store.db.pragma('cache_size = ' + cache);
  const N = 100000;
  const t = performance.now();
  for (let p = 0; p < N; p += PAGE) {
    const page = Array.from({ length: PAGE }, (_, i) => ({ ...pendingDelivery('c1', p + i, 1e12 + Math.floor(Math.random() * 32400) * 1000), id: `c1-${String(p + i).padStart(8, '0')}` }));
    await store.insertDeliveries(page);
  }
  console.log(PAGE, performance.now() - t);
}
