import assert from 'node:assert/strict';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { HOUR, MINUTE, T0, aCampaign, pendingDeliveries } from './fixtures.js';

/**
 * Every statement the SQLite store runs against `deliveries` reads it through an index: 100k
 * rows a campaign make a table scan a pause of the event loop. The partial indexes (migration
 * 11) only serve a query whose WHERE names their condition literally, so a reworded query
 * silently falls back to a scan; this catches it.
 */
describe('SqliteStore query plans on deliveries', function () {
  let store: SqliteStore;
  const statements = new Set<string>();

  beforeEach(function () {
    store = openSqliteStore(':memory:');
    statements.clear();
    const prepare = store.db.prepare.bind(store.db);
    store.db.prepare = ((sql: string) => {
      statements.add(sql);
      return prepare(sql);
    }) as typeof store.db.prepare;
  });

  afterEach(async function () {
    await store.close();
  });

  it('searches an index, or scans a partial index that holds only the rows wanted', async function () {
    await store.campaigns.create(aCampaign({ status: 'running' }));
    await everyDeliveryQuery(store);

    const partialIndexes = new Set(
      store.db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND sql LIKE '% WHERE %'",
        )
        .pluck()
        .all() as string[],
    );
    const onDeliveries = [...statements].filter((sql) => /\bdeliveries\b/.test(sql));
    assert.ok(onDeliveries.length >= 14, `only ${onDeliveries.length} statements seen`);
    for (const sql of onDeliveries) {
      for (const step of planOf(store, sql)) {
        const table = /^(SCAN|SEARCH) (deliveries|d)\b(.*)$/.exec(step);
        if (!table) continue;
        const index = /USING (?:COVERING )?INDEX (\w+)/.exec(table[3]!)?.[1];
        const ok = table[1] === 'SEARCH' || (index !== undefined && partialIndexes.has(index));
        assert.ok(ok, `${step}\n  in: ${sql.replace(/\s+/g, ' ')}`);
      }
    }
  });

  it('claims, finds the next due time, marks reads and counts acknowledgements through the partial indexes', async function () {
    await everyDeliveryQuery(store);
    const indexOf = (pattern: RegExp) => {
      const sql = [...statements].find((s) => pattern.test(s.replace(/\s+/g, ' ')));
      assert.ok(sql, `no statement matches ${pattern}`);
      return planOf(store, sql).join(' | ');
    };
    assert.match(indexOf(/WHERE status = 'pending' AND due_at <= @now/), /deliveries_pending_due/);
    assert.match(indexOf(/SELECT MIN\(due_at\)/), /COVERING INDEX deliveries_pending_due/);
    assert.match(indexOf(/WHERE status = 'sending'/), /deliveries_sending/);
    assert.match(indexOf(/SET read_at = @readAt/), /deliveries_unread/);
    assert.match(indexOf(/acknowledged_at IS NULL AND user_id IN/), /deliveries_unacknowledged/);
    assert.match(indexOf(/acknowledged_at IS NOT NULL/), /deliveries_acknowledged/);
  });

  it('counts the funnel per department from indexes, reading only the rows of those who clicked or acknowledged', async function () {
    await everyDeliveryQuery(store);
    const sql = [...statements].find((s) => s.includes("'named' AS part"));
    assert.ok(sql, 'the funnel by department was asked');
    const plan = planOf(store, sql);
    const onDeliveries = plan.filter((step) => /^(SCAN|SEARCH) (deliveries|d)\b/.test(step));
    assert.deepEqual(onDeliveries, [
      'SEARCH deliveries USING COVERING INDEX deliveries_campaign_department (campaign_id=? AND department>?)',
      'SEARCH deliveries USING COVERING INDEX deliveries_campaign_message_status_sent_read (campaign_id=? AND reminder_number=?)',
      'SEARCH d USING INDEX sqlite_autoindex_deliveries_1 (id=?)',
      'SEARCH deliveries USING INDEX deliveries_acknowledged (campaign_id=?)',
    ]);
  });
});

/** Calls every DeliveryStore method and the campaign report once, so each statement is prepared. */
async function everyDeliveryQuery(store: SqliteStore): Promise<void> {
  const { deliveries } = store;
  await deliveries.insert(pendingDeliveries(3));
  await deliveries.get('c-1-d-1');
  const [claimed] = await deliveries.claimDue(T0 + HOUR, 2, 'worker-a', T0 + 2 * HOUR);
  await deliveries.transition(claimed!.id, 'pending', { status: 'sending' }, 'worker-a');
  await deliveries.transitionAll([
    {
      id: claimed!.id,
      from: 'sending',
      patch: { status: 'sent', sentAt: T0 + HOUR, dueAt: null },
      workerId: 'worker-a',
    },
  ]);
  await deliveries.renewClaims('worker-a', T0 + 3 * HOUR, T0 + HOUR);
  await deliveries.countSentSince(T0);
  await deliveries.markStaleSendingUnknown(T0 + 4 * HOUR);
  await deliveries.countByStatus('c-1');
  await deliveries.countWaiting('c-1');
  await deliveries.remindersSent(['c-1-d-1', 'c-1-d-2']);
  await deliveries.nextDueAt();
  await deliveries.markReadUpTo('msteams:29:user1', T0 + 2 * HOUR);
  await deliveries.acknowledge(claimed!.id, T0 + 2 * HOUR);
  await deliveries.latestUnacknowledged(['msteams:29:user1', 'msteams:29:user2'], ['c-1']);
  await deliveries.list('c-1', { limit: 2 });
  await deliveries.list('c-1', { afterId: 'c-1-d-1', limit: 2 });
  await store.reports.campaignReport('c-1');
  await store.reports.funnelBy('c-1', 'department');
  await deliveries.unscheduleRemaining('c-1', 'campaign-ended', T0 + 5 * MINUTE);
  await store.campaigns.delete('c-1', ['running']);
}

function planOf(store: SqliteStore, sql: string): string[] {
  const named = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], 1]));
  const positional = [...sql.matchAll(/\?/g)].map(() => 1);
  const statement = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (
    Object.keys(named).length > 0 ? statement.all(named) : statement.all(...positional)
  ) as { detail: string }[];
  return rows.map((r) => r.detail);
}
