import assert from 'node:assert/strict';
import { backoffDelay, parseRetryAfter } from '../../src/ratelimit/retryAfter.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-02T09:00:00Z');

  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfter('2', now), 2_000);
    assert.equal(parseRetryAfter(' 0.5 ', now), 500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    assert.equal(parseRetryAfter('Mon, 02 Mar 2026 09:00:07 GMT', now), 7_000);
    assert.equal(parseRetryAfter('Mon, 02 Mar 2026 08:00:00 GMT', now), 0);
  });

  it('ignores a missing or unreadable header', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });
});

describe('backoffDelay', () => {
  it('doubles each attempt and spreads callers over the upper half of the step', () => {
    assert.equal(
      backoffDelay(1, 1_000, () => 0),
      500,
    );
    assert.equal(
      backoffDelay(1, 1_000, () => 0.999),
      1_000,
    );
    assert.equal(
      backoffDelay(2, 1_000, () => 0),
      1_000,
    );
    assert.equal(
      backoffDelay(3, 1_000, () => 0.5),
      3_000,
    );
  });
});
