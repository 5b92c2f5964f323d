import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { ManualClock } from '../src/clock.js';
import { DeliveryDispatcher } from '../src/delivery/DeliveryDispatcher.js';
import { silentLogger } from '../src/logger.js';
import { NoPresenceProvider } from '../src/presence/NoPresenceProvider.js';
import { openSqliteStore } from '../src/store/sqlite/SqliteStore.js';
import { LinkTracker } from '../src/tracking/LinkTracker.js';
import { withGroupCommittedLinkTokens } from '../src/delivery/groupCommittedLinkTokens.js';
import { campaignFixture, pendingDelivery, seedUsers, ZONE } from '../tests/delivery/support/seed.js';
const N = 5000;
const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sc-')), 'a.sqlite'));
await seedUsers(store, N, 'http://127.0.0.1:1/');
const c = campaignFixture({ message: process.env.LINK ? 'Hi {{firstName}} https://example.com' : 'Hi {{firstName}}' });
await store.createCampaign(c);
const now = DateTime.fromISO('2026-12-07T10:00:00', { zone: ZONE });
await store.insertDeliveries(Array.from({ length: N }, (_, n) => pendingDelivery(c.id, n, now.toMillis())));
const d = new DeliveryDispatcher({ store, clock: new ManualClock(now), logger: silentLogger, presence: new NoPresenceProvider(),
  sender: { send: async () => { await new Promise((r) => setImmediate(r)); return { kind: 'sent' }; } },
  links: new LinkTracker({ store: withGroupCommittedLinkTokens(store), publicUrl: 'https://x' }), workerId: 'w' });
const t0 = performance.now();
const s = await d.dispatchDue();
console.log(s.sent, (N / ((performance.now() - t0) / 1000)).toFixed(0), '/s', process.resourceUsage().maxRSS / 1024, 'MB');
