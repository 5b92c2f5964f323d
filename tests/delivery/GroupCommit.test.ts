import { strict as assert } from 'node:assert';
import { GroupCommit } from '../../src/shared/GroupCommit.js';

describe('GroupCommit', () => {
  it('writes what is submitted together in one call and answers each caller with its own result', async () => {
    const calls: number[][] = [];
    const commit = new GroupCommit<number, string>(async (items) => {
      calls.push(items);
      return items.map((n) => `done ${n}`);
    });

    const results = await Promise.all([1, 2, 3].map((n) => commit.submit(n)));
    const later = await commit.submit(4);

    assert.deepEqual(results, ['done 1', 'done 2', 'done 3']);
    assert.equal(later, 'done 4');
    assert.deepEqual(calls, [[1, 2, 3], [4]]);
  });

  it('fails every caller of a group whose write failed, and keeps working afterwards', async () => {
    let fail = true;
    const commit = new GroupCommit<number, number>(async (items) => {
      if (fail) throw new Error('disk full');
      return items;
    });

    const outcomes = await Promise.allSettled([commit.submit(1), commit.submit(2)]);
    fail = false;

    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected'],
    );
    assert.equal(await commit.submit(3), 3);
  });
});
