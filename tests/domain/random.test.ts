import assert from 'node:assert/strict';
import { seededRng, uniformWholeSecond } from '../../src/domain/random.js';

const draw = (seed: string | number, count: number) => {
  const rng = seededRng(seed);
  return Array.from({ length: count }, () => rng());
};

describe('seededRng', () => {
  it('gives the same sequence for the same seed', () => {
    assert.deepEqual(draw('campaign-42', 100), draw('campaign-42', 100));
    assert.deepEqual(draw(7, 100), draw(7, 100));
  });

  it('gives different sequences for different seeds', () => {
    const seeds = ['a', 'b', 'campaign-1', 'campaign-2', 0, 1];
    const firsts = seeds.map((seed) => draw(seed, 3).join(','));
    assert.equal(new Set(firsts).size, seeds.length);
  });

  it('treats a number seed like its decimal string', () => {
    assert.deepEqual(draw(123, 10), draw('123', 10));
  });

  it('stays in [0, 1) and is spread evenly over ten buckets', () => {
    const values = draw('uniformity', 10_000);
    const buckets = new Array<number>(10).fill(0);
    for (const value of values) {
      assert.ok(value >= 0 && value < 1, `${value} out of range`);
      const index = Math.floor(value * 10);
      buckets[index] = (buckets[index] ?? 0) + 1;
    }
    for (const count of buckets) {
      assert.ok(count > 900 && count < 1100, `bucket counts ${buckets.join(',')}`);
    }
  });
});

describe('uniformWholeSecond', () => {
  const from = Date.UTC(2026, 11, 7, 8, 0, 0);
  const to = from + 60_000;
  const cases: { title: string; rng: number; expected: number }[] = [
    { title: 'lowest draw is the start', rng: 0, expected: from },
    { title: 'middle draw is the middle second', rng: 0.5, expected: from + 30_000 },
    { title: 'highest draw is the last whole second', rng: 1 - 2 ** -52, expected: to - 1000 },
  ];
  for (const c of cases) {
    it(c.title, () => {
      assert.equal(
        uniformWholeSecond(from, to, () => c.rng),
        c.expected,
      );
    });
  }

  it('keeps a last partial second reachable', () => {
    assert.equal(
      uniformWholeSecond(from, from + 1500, () => 0.99),
      from + 1000,
    );
  });

  it('refuses an empty interval', () => {
    assert.throws(() => uniformWholeSecond(from, from, () => 0), RangeError);
  });
});
