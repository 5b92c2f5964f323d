import assert from 'node:assert/strict';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { LinkTracker, randomLinkToken } from '../../src/tracking/LinkTracker.js';

const PUBLIC_URL = 'https://bot.example.com';

describe('LinkTracker', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('gives each distinct link of a delivery its own stored token', async () => {
    const tracker = new LinkTracker({ ...store, publicUrl: PUBLIC_URL });
    const delivery = { id: 'd1', campaignId: 'c1' };
    const text = await tracker.trackLinks(
      delivery,
      'Read [the news](https://example.com/news), https://example.com/news again, and https://example.com/faq.',
    );

    const tokens = [...text.matchAll(/https:\/\/bot\.example\.com\/r\/([A-Za-z0-9_-]+)/g)].map(
      (m) => m[1]!,
    );
    assert.equal(tokens.length, 3);
    assert.equal(tokens[0], tokens[1], 'the same URL twice shares one token');
    assert.notEqual(tokens[0], tokens[2]);
    assert.match(text, /^Read \[the news\]\(https:\/\/bot\.example\.com\/r\/[\w-]+\), https/);
    assert.ok(text.endsWith('.'), 'the sentence full stop stays outside the link');
    assert.ok(!text.includes('example.com/news'), 'no original URL is left in the message');

    assert.deepEqual(await store.tracking.findToken(tokens[0]!), {
      token: tokens[0],
      campaignId: 'c1',
      deliveryId: 'd1',
      url: 'https://example.com/news',
    });
    assert.equal((await store.tracking.findToken(tokens[2]!))?.url, 'https://example.com/faq');
  });

  it('uses different tokens for different recipients of the same link', async () => {
    const tracker = new LinkTracker({ ...store, publicUrl: PUBLIC_URL });
    const a = await tracker.trackLinks({ id: 'd1', campaignId: 'c1' }, 'https://example.com');
    const b = await tracker.trackLinks({ id: 'd2', campaignId: 'c1' }, 'https://example.com');
    assert.notEqual(a, b);
    const tokenB = b.slice(`${PUBLIC_URL}/r/`.length);
    assert.equal((await store.tracking.findToken(tokenB))?.deliveryId, 'd2');
  });

  it('returns a message without http(s) links unchanged and saves nothing', async () => {
    const tracker = new LinkTracker({ ...store, publicUrl: PUBLIC_URL });
    const message = 'Write to [us](mailto:team@example.com) **today**.';
    assert.equal(await tracker.trackLinks({ id: 'd1', campaignId: 'c1' }, message), message);
    const { count } = store.db.prepare('SELECT COUNT(*) AS count FROM link_tokens').get() as {
      count: number;
    };
    assert.equal(count, 0);
  });

  it('uses the injected token source', async () => {
    const tracker = new LinkTracker({
      ...store,
      publicUrl: PUBLIC_URL,
      randomToken: () => 'fixedTokenFixedToken01',
    });
    const text = await tracker.trackLinks({ id: 'd1', campaignId: 'c1' }, '[x](https://a.example)');
    assert.equal(text, `[x](${PUBLIC_URL}/r/fixedTokenFixedToken01)`);
  });

  it('makes 128-bit base64url tokens that do not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, randomLinkToken));
    assert.equal(tokens.size, 1000);
    for (const token of tokens) {
      assert.match(token, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(Buffer.from(token, 'base64url').length, 16);
    }
  });
});
