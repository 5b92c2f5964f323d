/**
 * The one composition of the delivery engine — sender, presence, starter, dispatcher, finisher,
 * this process's dispatch worker and, with Graph installations, its installation worker — used
 * by src/main.ts, the tests and the benchmark alike.
 * Callers choose only what differs between them: the store, the clock, the external adapters a
 * test replaces, and tuning figures.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../application/ports/Clock.js';
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import type { Rng } from '../domain/random.js';
import type { Logger } from '../logger.js';
import { BotConnectorSender, type BotAuthentication } from '../channels/BotConnectorSender.js';
import type { DeliverySender } from '../application/ports/MessageSender.js';
import { PersonalConversations } from '../channels/PersonalConversations.js';
import { SingleShotConnectors } from '../channels/SingleShotConnectors.js';
import type { GraphTenants } from '../graph/GraphTenants.js';
import { InstallationWorker, type ConversationOpener } from '../installation/InstallationWorker.js';
import { NoPresenceProvider } from '../presence/NoPresenceProvider.js';
import { TenantPresenceProvider } from '../presence/TenantPresenceProvider.js';
import type { PresenceProvider } from '../application/ports/PresenceProvider.js';
import { clusterSendLimits } from '../ratelimit/channelLimits.js';
import type { ReportService } from '../reports/ReportService.js';
import { authorNotifier } from '../reports/notifyAuthor.js';
import type { Repositories } from '../application/ports/repositories.js';
import { LinkTracker } from '../tracking/LinkTracker.js';
import { CampaignFinisher } from './CampaignFinisher.js';
import { CampaignStarter } from './CampaignStarter.js';
import { DeliveryDispatcher } from './DeliveryDispatcher.js';
import { DispatchWorker } from './DispatchWorker.js';
import { withGroupCommittedLinkTokens } from './groupCommittedLinkTokens.js';
import { ChatReopening } from '../installation/ChatReopening.js';
import { BotConnectorEditor } from '../channels/BotConnectorEditor.js';
import type { SentMessageEditor } from '../application/ports/SentMessageEditor.js';
import { revisionAuthorNotifier } from '../reports/notifyRevisionAuthor.js';
import { RevisionWorker } from '../revision/RevisionWorker.js';

/** A dead process's claimed deliveries wait at most this long (SPEC: nothing lost, never twice). */
export const CLAIM_LIFETIME_MS = 15_000;
const IDLE_POLL_MS = 1_000;
const BUSY_POLL_MS = 250;
/** Sends in flight per process; the cluster-wide pacer sets the pace. */
const SEND_CONCURRENCY = 32;
/** Presence is read once per batch, and Graph takes at most 650 ids a request. */
const MAX_BATCH = 650;
/** Over how many seconds /healthz averages the cluster's send rate. */
const RATE_WINDOW_S = 10;

export interface DeliveryEngineInputs {
  /** The repositories of the store the whole cluster shares. */
  store: Repositories;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  /** Per tenant, for the whole cluster (SEND_RATE_PER_SECOND). */
  sendRatePerSecond: number;
  botAuth: BotAuthentication;
  botAppId: string | undefined;
  /**
   * Microsoft Graph, when configured, each campaign's own tenant's: presence (without it, policy
   * `ignore`), directory audiences and, with a Teams app catalog id, installations for
   * recipients not yet reached.
   */
  graph?: GraphTenants;
  reports: ReportService;
  /** Unique per process; generated from host, pid and randomness by default. */
  workerId?: string;
  /** Test seams for external behaviour: a scripted sender or presence, seeded randomness. */
  sender?: DeliverySender;
  presence?: PresenceProvider;
  planRng?: (campaign: Campaign) => Rng;
  ladderRng?: (delivery: Delivery) => Rng;
  /** Due deliveries claimed per batch; by default one second's worth at the send rate. */
  batchSize?: number;
  /** A scripted editor of sent messages (recall and correction). */
  editor?: SentMessageEditor;
}

export type DeliveryEngine = ReturnType<typeof createDeliveryEngine>;

/** What a test or the benchmark may vary between installation workers of one engine. */
export interface InstallationWorkerOptions {
  workerId?: string;
  /** A scripted chat opener (a process that freezes mid-batch, …). */
  conversations?: ConversationOpener;
  batchSize?: number;
}

export function createDeliveryEngine(inputs: DeliveryEngineInputs) {
  const { store, clock, logger } = inputs;
  const workerId =
    inputs.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // Sends and opened chats share the cluster-wide per-tenant Bot Connector budget.
  const limits = clusterSendLimits({
    slots: store.sendRate,
    clock,
    perTenantPerSecond: inputs.sendRatePerSecond,
  });
  const botSender = new BotConnectorSender({
    auth: inputs.botAuth,
    botAppId: inputs.botAppId,
    limits,
    logger,
    clock,
    sleep: (ms) => clock.sleep(ms),
  });
  const graph = inputs.graph;
  const presence =
    inputs.presence ?? (graph ? new TenantPresenceProvider(graph) : new NoPresenceProvider());
  const { campaigns, lists, users, deliveries, tracking } = store;
  const finisher = new CampaignFinisher({
    campaigns,
    deliveries,
    clock,
    logger,
    notifyAuthor: authorNotifier({ users, reports: inputs.reports, sender: botSender, logger }),
  });
  const links = new LinkTracker({
    tracking: withGroupCommittedLinkTokens(tracking),
    publicUrl: inputs.publicUrl,
  });
  const dispatcher = new DeliveryDispatcher({
    campaigns,
    users,
    deliveries,
    clicks: tracking,
    clock,
    logger,
    presence,
    sender: inputs.sender ?? botSender,
    links,
    // Lost chats are re-opened by the installation worker, which runs only with an app catalog id.
    chats: graph?.installsApp
      ? new ChatReopening({ installations: store.installations, directoryAccess: graph, clock })
      : undefined,
    workerId,
    batchSize: inputs.batchSize ?? batchSizeFor(inputs.sendRatePerSecond),
    concurrency: SEND_CONCURRENCY,
    claimMs: CLAIM_LIFETIME_MS,
    rngFor: inputs.ladderRng,
    onCampaignDrained: async (campaignId) => {
      await finisher.finish(campaignId, 'all-delivered');
    },
  });
  const worker = new DispatchWorker({
    dispatcher,
    store: deliveries,
    clock,
    logger,
    workerId,
    claimLifetimeMs: CLAIM_LIFETIME_MS,
    idlePollMs: IDLE_POLL_MS,
    busyPollMs: BUSY_POLL_MS,
  });
  // Deletions and replacements draw on the same cluster-wide slots as sends.
  const revisionWorker = new RevisionWorker({
    revisions: store.revisions,
    campaigns,
    users,
    deliveries,
    editor:
      inputs.editor ??
      new BotConnectorEditor({
        auth: inputs.botAuth,
        botAppId: inputs.botAppId,
        limits,
        logger,
        clock,
        sleep: (ms) => clock.sleep(ms),
      }),
    links,
    clock,
    logger,
    workerId,
    claimLifetimeMs: CLAIM_LIFETIME_MS,
    idlePollMs: IDLE_POLL_MS,
    batchSize: inputs.batchSize ?? batchSizeFor(inputs.sendRatePerSecond),
    concurrency: SEND_CONCURRENCY,
    notifyAuthor: revisionAuthorNotifier({ users, sender: botSender, logger }),
  });
  const installationWorker =
    graph?.installsApp === true
      ? installationWorkers(graph, { ...inputs, limits, workerId })
      : undefined;
  return {
    sender: botSender,
    starter: new CampaignStarter({
      campaigns,
      lists,
      users,
      deliveries,
      clock,
      logger,
      rngFor: inputs.planRng,
      graphs: graph,
      installations: graph?.installsApp ? store.installations : undefined,
    }),
    dispatcher,
    finisher,
    worker,
    /** Deletes (recall) or replaces (correction) the sent messages of revised campaigns. */
    revisionWorker,
    /**
     * Installs the app for recipients the bot cannot reach yet and opens their chats; only
     * with Graph and a Teams app catalog id.
     */
    installationWorker,
    /** Messages per second the whole cluster sent over the last few seconds. */
    async clusterSendRate(): Promise<number> {
      const since = clock.now().toMillis() - RATE_WINDOW_S * 1_000;
      return (await deliveries.countSentSince(since)) / RATE_WINDOW_S;
    },
  };
}

/** Installation workers of this process, all opening chats within the sender's budget. */
function installationWorkers(
  graph: GraphTenants,
  inputs: DeliveryEngineInputs & {
    limits: ReturnType<typeof clusterSendLimits>;
    workerId: string;
  },
) {
  const { store, clock, logger, limits } = inputs;
  const conversations = new PersonalConversations({
    connectors: new SingleShotConnectors(inputs.botAuth, inputs.botAppId ?? ''),
    perTenant: limits.perTenant,
    clock,
  });
  return (options: InstallationWorkerOptions = {}) =>
    new InstallationWorker({
      ...store,
      clock,
      logger,
      installerOf: (tenantId) => graph.installerOf(tenantId),
      conversations: options.conversations ?? conversations,
      workerId: options.workerId ?? inputs.workerId,
      batchSize: options.batchSize,
    });
}

/** About one second of sending, so every process of a cluster gets a share of a backlog. */
function batchSizeFor(ratePerSecond: number): number {
  return Math.max(SEND_CONCURRENCY, Math.min(MAX_BATCH, Math.ceil(ratePerSecond)));
}
