/**
 * The campaign jobs on Agenda with the SQLite backend, on the same file as the store: planning
 * a start runs it, cancelling removes every job of the campaign, re-planning moves the start.
 * Agenda schedules on the wall clock (its own business); the campaign logic runs on a
 * ManualClock, so what the jobs do is deterministic — only *when* Agenda fires is real time.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agenda } from 'agenda';
import { DateTime } from 'luxon';
import nock from 'nock';
import {
  FINISH_CAMPAIGN_JOB,
  RETIRED_DISPATCH_JOB,
  START_CAMPAIGN_JOB,
  defineCampaignJobs,
} from '../../jobs/campaignJobs.js';
import { CampaignQueries } from '../../src/application/CampaignQueries.js';
import { ManualClock } from '../../src/clock.js';
import type { Campaign } from '../../src/domain/campaign.js';
import { campaignWindow } from '../../src/domain/workingTime.js';
import { agendaBackendFor, createAgenda, drainAndStop } from '../../src/scheduler/createAgenda.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { authorInbox, finishedText } from '../delivery/support/authorInbox.js';
import { campaignFixture, reachableUser, ZONE } from '../delivery/support/seed.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';

const MONDAY_8H = DateTime.fromISO('2026-12-07T08:00:00', { zone: ZONE });

/** Resolves with the next run of `name` that Agenda reports finished (or rejects if it failed). */
function nextCompletion(agenda: Agenda, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    agenda.once(`success:${name}`, () => resolve());
    agenda.once(`fail:${name}`, (error: Error) => reject(error));
  });
}

describe('campaign jobs on Agenda (SQLite backend)', function () {
  this.timeout(10_000);
  let dir: string;
  let store: SqliteStore;
  let agenda: Agenda;
  let jobs: ReturnType<typeof defineCampaignJobs>;
  /** What the bot posted to the campaigns' author. */
  let authorPosts: string[];
  /** Times the start job woke this process's dispatch worker. */
  let wakes: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'campaign-jobs-'));
    store = openSqliteStore(join(dir, 'bot.sqlite'));
    agenda = createAgenda({ backend: agendaBackendFor(store), processEvery: 50 });
    const clock = new ManualClock(MONDAY_8H);
    wakes = 0;
    authorPosts = await authorInbox(store);
    const engine = testDeliveryEngine({ store, clock });
    jobs = defineCampaignJobs({
      agenda,
      campaigns: new CampaignQueries(store),
      starter: engine.starter,
      finisher: engine.finisher,
      clock,
      wakeDispatch: () => wakes++,
    });
    await agenda.start();
  });

  afterEach(async () => {
    await drainAndStop(agenda, 2_000);
    nock.cleanAll();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function scheduledCampaign(id: string, emails: string[]): Promise<Campaign> {
    const campaign = campaignFixture({ id, name: id, status: 'scheduled', listId: `list-${id}` });
    await store.campaigns.create(campaign);
    await store.lists.create({
      id: campaign.listId,
      tenantId: campaign.tenantId,
      name: `list of ${id}`,
      emails,
      createdBy: campaign.authorUserId,
      createdAt: 0,
    });
    return campaign;
  }

  async function jobsOf(campaignId: string) {
    const { jobs: found } = await agenda.queryJobs({ data: { campaignId } });
    return found.map((job) => ({ name: job.name, nextRunAt: job.nextRunAt?.getTime() ?? null }));
  }

  it('runs the start job when it is due: the campaign runs, is planned and gets its finish job', async () => {
    for (const n of [1, 2, 3]) await store.users.upsert(reachableUser(n, 'https://smba.example/'));
    const campaign = await scheduledCampaign('c-start', [
      'user1@example.com',
      'user2@example.com',
      'user3@example.com',
    ]);
    const started = nextCompletion(agenda, START_CAMPAIGN_JOB);

    await jobs.scheduleStart(campaign.id, new Date(Date.now() + 300));
    assert.equal((await store.campaigns.get(campaign.id))!.status, 'scheduled');
    await started;
    assert.equal(wakes, 1, 'the start job wakes the dispatch worker');

    assert.equal((await store.campaigns.get(campaign.id))!.status, 'running');
    const counts = await store.deliveries.countByStatus(campaign.id);
    assert.equal(counts.pending, 3);
    const remaining = await jobsOf(campaign.id);
    assert.deepEqual(
      remaining.filter((j) => j.name === FINISH_CAMPAIGN_JOB),
      [{ name: FINISH_CAMPAIGN_JOB, nextRunAt: campaignWindow(campaign).end.toMillis() }],
    );
    assert.deepEqual(authorPosts, []);
  });

  it('finishes at once a campaign with nobody reachable, telling the author', async () => {
    const campaign = await scheduledCampaign('c-empty', ['ghost@example.com']);
    const started = nextCompletion(agenda, START_CAMPAIGN_JOB);

    await jobs.scheduleStart(campaign.id, new Date(Date.now() + 100));
    await started;

    assert.equal((await store.campaigns.get(campaign.id))!.status, 'finished');
    assert.equal((await store.deliveries.countByStatus(campaign.id)).unreachable, 1);
    assert.deepEqual(authorPosts, [finishedText(campaign.name)]);
    assert.equal(wakes, 0);
    assert.deepEqual(
      (await jobsOf(campaign.id)).filter((j) => j.name === FINISH_CAMPAIGN_JOB),
      [],
    );
  });

  it('removes the cluster-wide dispatch job an earlier version left in the queue', async () => {
    await agenda.every('15 seconds', RETIRED_DISPATCH_JOB);
    assert.equal((await agenda.queryJobs({ name: RETIRED_DISPATCH_JOB })).jobs.length, 1);

    await jobs.removeRetiredJobs();

    assert.equal((await agenda.queryJobs({ name: RETIRED_DISPATCH_JOB })).jobs.length, 0);
  });

  it("cancel removes every job of the campaign and only that campaign's", async () => {
    const kept = await scheduledCampaign('c-kept', []);
    const cancelled = await scheduledCampaign('c-cancelled', []);
    const later = new Date(Date.now() + 3_600_000);
    await jobs.scheduleStart(kept.id, later);
    await jobs.scheduleStart(cancelled.id, later);
    await agenda.schedule(later, FINISH_CAMPAIGN_JOB, { campaignId: cancelled.id });
    assert.equal((await jobsOf(cancelled.id)).length, 2);

    await jobs.cancel(cancelled.id);

    assert.deepEqual(await jobsOf(cancelled.id), []);
    assert.deepEqual(await jobsOf(kept.id), [
      { name: START_CAMPAIGN_JOB, nextRunAt: later.getTime() },
    ]);
  });

  it('re-scheduling replaces the earlier start job', async () => {
    const campaign = await scheduledCampaign('c-moved', []);
    const first = new Date(Date.now() + 3_600_000);
    const second = new Date(Date.now() + 7_200_000);

    await jobs.scheduleStart(campaign.id, first);
    await jobs.scheduleStart(campaign.id, second);

    assert.deepEqual(await jobsOf(campaign.id), [
      { name: START_CAMPAIGN_JOB, nextRunAt: second.getTime() },
    ]);
  });
});
