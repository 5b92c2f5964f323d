import { strict as assert } from 'node:assert';
import { deleteCampaign } from '../../src/application/deleteCampaign.js';
import { silentLogger } from '../../src/logger.js';
import type { CampaignStore } from '../../src/application/ports/repositories.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { RecordingJobs } from '../dialogs/harness.js';
import { aCampaign, T0 } from '../store/fixtures.js';

describe('deleteCampaign (application)', () => {
  let store: SqliteStore;

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    await store.campaigns.create(
      aCampaign({ id: 'c-1', name: 'Spring Sale', status: 'scheduled' }),
    );
  });

  afterEach(async () => {
    await store.close();
  });

  /**
   * The real store, with the start job firing right after the use case has read the campaign
   * (as it would between the admin's "yes" and the delete).
   */
  function startingRightAfterTheRead(): CampaignStore {
    const campaigns = store.campaigns;
    let fired = false;
    return new Proxy(campaigns, {
      get(target, property, receiver) {
        if (property === 'get' && !fired) {
          return async (id: string) => {
            const read = await target.get(id);
            fired = true;
            await target.setStatus(id, 'scheduled', 'running', T0);
            return read;
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  it('keeps a campaign that started between the status read and the delete', async () => {
    const jobs = new RecordingJobs();
    const outcome = await deleteCampaign(
      { campaigns: startingRightAfterTheRead(), jobs, logger: silentLogger },
      'c-1',
    );
    assert.equal(outcome.kind, 'refused');
    assert.match(outcome.kind === 'refused' ? outcome.reason : '', /^it is running/);
    assert.equal((await store.campaigns.get('c-1'))?.status, 'running');
    assert.deepEqual(jobs.cancelled, [], 'the running campaign keeps its jobs');
  });

  it('deletes a scheduled campaign, then removes its jobs', async () => {
    const jobs = new RecordingJobs();
    const outcome = await deleteCampaign(
      { campaigns: store.campaigns, jobs, logger: silentLogger },
      'c-1',
    );
    assert.equal(outcome.kind, 'deleted');
    assert.equal(await store.campaigns.get('c-1'), null);
    assert.deepEqual(jobs.cancelled, ['c-1']);
  });
});
