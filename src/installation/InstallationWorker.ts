/**
 * Reaching recipients who never talked to the bot: for each due installation, install the
 * Teams app for the user (Graph), open the 1:1 chat (Bot Connector), record the user as
 * reachable and release their parked delivery to the dispatcher at its planned first attempt.
 *
 * Crash safety: an installation is claimed (`installing`) before Graph is called. A worker that
 * dies leaves it claimed; once the claim expires another worker takes it again, and Graph
 * answers 409 to the second installation, so the app is never installed twice. Opening the
 * chat and recording the user give the same result when repeated.
 *
 * A failed installation makes the delivery `unreachable` with the reason; the retry ladder is
 * never touched. An installation that re-opens a chat Teams lost (`reopensChatOf`) stores the
 * new chat as that person's conversation; when it fails, their delivery stays `failed`. Throttling and outages put the installation back to `waiting` for later.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { Campaign } from '../domain/campaign.js';
import { installedUserId } from '../domain/directory.js';
import {
  CONVERSATION_NOT_FOUND,
  type ClaimedInstallation,
  type InstallOutcome,
} from '../domain/installation.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { Logger } from '../logger.js';
import type {
  CampaignStore,
  DeliveryStore,
  DeliveryTransition,
  InstallationSettlement,
  InstallationStore,
  UserStore,
} from '../application/ports/repositories.js';
import { GroupCommit } from '../shared/GroupCommit.js';
import { mapWithConcurrency } from '../shared/mapWithConcurrency.js';
import { batchSizeFor } from '../graph/GraphClient.js';
import type { OpenedConversation, TenantEndpoint } from '../channels/PersonalConversations.js';

/** Seven full Teams `$batch`es a claim: about 100, and no half-empty batch at each claim's end. */
const INSTALLATIONS_PER_CLAIM = 7 * batchSizeFor('teams');

export interface AppInstaller {
  install(aadObjectIds: string[]): Promise<Map<string, InstallOutcome>>;
}

/**
 * The installer acting on a tenant's own directory, undefined when that tenant may not use
 * Graph (another tenant than Graph's, or one that has not consented).
 */
export type InstallerOf = (tenantId: string) => Promise<AppInstaller | undefined>;

export interface ConversationOpener {
  open(endpoint: TenantEndpoint, aadObjectId: string): Promise<OpenedConversation>;
}

export interface InstallationWorkerDeps {
  campaigns: Pick<CampaignStore, 'get'>;
  users: Pick<UserStore, 'get' | 'upsert'>;
  deliveries: Pick<DeliveryStore, 'transitionAll'>;
  installations: InstallationStore;
  clock: Clock;
  logger: Logger;
  /** Installing acts on the campaign's tenant's own directory, with that tenant's installer. */
  installerOf: InstallerOf;
  conversations: ConversationOpener;
  /** Identifies this process's claims. */
  workerId: string;
  /** Installations per claim; a multiple of the Teams `$batch` size (15) fills every `$batch`. */
  batchSize?: number;
  /** How long a claim protects a batch: longer than installing it with its retries. */
  claimMs?: number;
}

export interface InstallSummary {
  claimed: number;
  installed: number;
  alreadyInstalled: number;
  failed: number;
  postponed: number;
}

type Result = 'installed' | 'alreadyInstalled' | 'failed' | 'postponed' | 'skipped';

/** After a transient failure, the next try is at least this far away (Graph's windows are 10–30 s). */
const MIN_RETRY_DELAY_MS = 60_000;
/** Conversations opened at once; the Bot Connector limiter sets the pace. */
const CONVERSATION_CONCURRENCY = 32;

export class InstallationWorker {
  private readonly batchSize: number;
  private readonly claimMs: number;
  /** Writes of concurrent completions gathered into one bulk write (one disk sync on SQLite). */
  private readonly deliveryWrites: GroupCommit<DeliveryTransition, boolean>;
  private readonly settlements: GroupCommit<InstallationSettlement & { id: string }, boolean>;

  constructor(private readonly deps: InstallationWorkerDeps) {
    this.batchSize = deps.batchSize ?? INSTALLATIONS_PER_CLAIM;
    this.claimMs = deps.claimMs ?? 10 * 60_000;
    this.deliveryWrites = new GroupCommit((items) => deps.deliveries.transitionAll(items));
    this.settlements = new GroupCommit((items) => deps.installations.settle(deps.workerId, items));
  }

  /** Works until no installation is due at the clock's current time. */
  async installDue(): Promise<InstallSummary> {
    const summary: InstallSummary = {
      claimed: 0,
      installed: 0,
      alreadyInstalled: 0,
      failed: 0,
      postponed: 0,
    };
    const campaigns = new Map<string, Promise<CampaignContext>>();
    for (;;) {
      const now = this.nowMs();
      const batch = await this.deps.installations.claimDue(
        now,
        this.batchSize,
        this.deps.workerId,
        now + this.claimMs,
      );
      if (batch.length === 0) break;
      summary.claimed += batch.length;
      const contexts = await Promise.all(
        batch.map((i) => {
          let context = campaigns.get(i.campaignId);
          if (context === undefined) {
            context = this.campaignContext(i.campaignId);
            campaigns.set(i.campaignId, context);
          }
          return context;
        }),
      );
      const live = batch.filter((_, k) => this.mayInstall(contexts[k]!));
      const outcomes = await this.install(live, contexts, batch);
      await this.noteInstalled(live, outcomes);
      const results = await mapWithConcurrency(batch, CONVERSATION_CONCURRENCY, (installation) => {
        const context = contexts[batch.indexOf(installation)]!;
        const outcome = outcomes.get(installation.aadObjectId);
        return this.complete(installation, context, outcome);
      });
      for (const result of results) if (result !== 'skipped') summary[result]++;
    }
    if (summary.claimed > 0) this.deps.logger.info({ ...summary }, 'app installation round');
    return summary;
  }

  /** Each tenant's installations through that tenant's installer (AAD object ids are unique). */
  private async install(
    live: ClaimedInstallation[],
    contexts: CampaignContext[],
    batch: ClaimedInstallation[],
  ): Promise<Map<string, InstallOutcome>> {
    const byInstaller = new Map<AppInstaller, Set<string>>();
    for (const installation of live) {
      const installer = contexts[batch.indexOf(installation)]!.installer!;
      const ids = byInstaller.get(installer) ?? new Set<string>();
      ids.add(installation.aadObjectId);
      byInstaller.set(installer, ids);
    }
    const outcomes = new Map<string, InstallOutcome>();
    for (const [installer, ids] of byInstaller) {
      for (const [id, outcome] of await installer.install([...ids])) outcomes.set(id, outcome);
    }
    return outcomes;
  }

  private async complete(
    installation: ClaimedInstallation,
    context: CampaignContext,
    outcome: InstallOutcome | undefined,
  ): Promise<Result> {
    if (outcome === undefined) {
      const ended = context.campaign?.status !== 'running';
      return this.fail(installation, ended ? 'campaign-ended' : 'directory-of-another-tenant');
    }
    if (outcome.kind === 'retry') return this.postpone(installation, outcome);
    if (outcome.kind === 'failed') return this.fail(installation, outcome.reason);
    if (context.endpoint === undefined) return this.fail(installation, 'no-teams-service-url');
    const opened = await this.deps.conversations.open(context.endpoint, installation.aadObjectId);
    if (opened.kind === 'retry') return this.postpone(installation, opened);
    if (opened.kind === 'failed') return this.fail(installation, opened.reason);
    const user = await this.reachableUser(installation, opened.reference);
    if (user === null) return this.fail(installation, 'user-not-found');
    await this.deps.users.upsert(user);
    await this.releaseDelivery(installation, user.id);
    const alreadyInstalled = installation.alreadyInstalled ?? outcome.alreadyInstalled;
    const settled = await this.settle(installation, { status: 'installed', alreadyInstalled });
    if (!settled) return 'skipped';
    return alreadyInstalled ? 'alreadyInstalled' : 'installed';
  }

  private mayInstall({ campaign, installer }: CampaignContext): boolean {
    return campaign?.status === 'running' && installer !== undefined;
  }

  /**
   * Graph's answer is written down before the chats are opened: a worker that takes over after
   * a crash gets 409 from Graph and must still count the installation as ours.
   */
  private async noteInstalled(
    installations: ClaimedInstallation[],
    outcomes: Map<string, InstallOutcome>,
  ): Promise<void> {
    const notes = installations.flatMap((i) => {
      const outcome = outcomes.get(i.aadObjectId);
      return outcome?.kind === 'installed' && i.alreadyInstalled === undefined
        ? [{ id: i.id, alreadyInstalled: outcome.alreadyInstalled }]
        : [];
    });
    await this.deps.installations.noteInstalled(notes, this.deps.workerId);
  }

  /** The parked delivery goes to the dispatcher, due at its planned first attempt. */
  private async releaseDelivery(installation: ClaimedInstallation, userId: string): Promise<void> {
    if (installation.deliveryId === undefined) return;
    const now = this.nowMs();
    await this.deliveryWrites.submit({
      id: installation.deliveryId,
      from: 'pending',
      patch: {
        userId,
        dueAt: Math.max(now, installation.firstAttemptAt),
        reason: undefined,
        updatedAt: now,
      },
    });
  }

  /**
   * A first reach that fails leaves the recipient unreachable; a lost chat that cannot be
   * re-opened leaves the send failed as Teams answered it.
   */
  private async fail(installation: ClaimedInstallation, reason: string): Promise<Result> {
    const now = this.nowMs();
    if (installation.deliveryId !== undefined) {
      await this.deliveryWrites.submit({
        id: installation.deliveryId,
        from: 'pending',
        patch: {
          ...(installation.reopensChatOf === undefined
            ? { status: 'unreachable', reason: `app-not-installed:${reason}` }
            : { status: 'failed', reason: CONVERSATION_NOT_FOUND }),
          dueAt: null,
          updatedAt: now,
        },
      });
    }
    this.deps.logger.info(
      { campaignId: installation.campaignId, installationId: installation.id, reason },
      'app installation failed',
    );
    return (await this.settle(installation, { status: 'failed', reason })) ? 'failed' : 'skipped';
  }

  private async postpone(
    installation: ClaimedInstallation,
    outcome: { reason: string; retryAfterMs?: number },
  ): Promise<Result> {
    const dueAt = this.nowMs() + Math.max(outcome.retryAfterMs ?? 0, MIN_RETRY_DELAY_MS);
    const settled = await this.settle(installation, {
      status: 'waiting',
      dueAt,
      reason: outcome.reason,
    });
    return settled ? 'postponed' : 'skipped';
  }

  private settle(
    installation: ClaimedInstallation,
    settlement: Omit<InstallationSettlement, 'updatedAt'>,
  ): Promise<boolean> {
    return this.settlements.submit({ ...settlement, id: installation.id, updatedAt: this.nowMs() });
  }

  /**
   * Who the opened chat belongs to: a new reachable user, or the person whose lost chat it
   * replaces (null when they are gone meanwhile).
   */
  private async reachableUser(
    installation: ClaimedInstallation,
    reference: Record<string, unknown>,
  ): Promise<ReachableUser | null> {
    if (installation.reopensChatOf === undefined) return this.newlyReached(installation, reference);
    const user = await this.deps.users.get(installation.reopensChatOf);
    if (user === null) return null;
    // Who they are in Teams stays as their own messages told it; only the chat is new.
    const known = (user.conversationReference as { user?: unknown }).user;
    return { ...user, conversationReference: { ...reference, user: known ?? reference['user'] } };
  }

  private newlyReached(
    installation: ClaimedInstallation,
    reference: Record<string, unknown>,
  ): ReachableUser {
    const now = this.nowMs();
    const user: ReachableUser = {
      id: installedUserId(installation.aadObjectId),
      tenantId: installation.tenantId,
      channel: 'teams',
      botChannelId: 'msteams',
      aadObjectId: installation.aadObjectId,
      email: installation.email,
      conversationReference: reference,
      firstSeenAt: now,
      lastSeenAt: now,
    };
    if (installation.displayName) user.name = installation.displayName;
    if (installation.givenName) user.givenName = installation.givenName;
    if (installation.surname) user.surname = installation.surname;
    return user;
  }

  /** The campaign, and where its tenant's Bot Connector is: taken from its author's chat. */
  private async campaignContext(campaignId: string): Promise<CampaignContext> {
    const campaign = await this.deps.campaigns.get(campaignId);
    if (!campaign) return {};
    const author = await this.deps.users.get(campaign.authorUserId);
    return {
      campaign,
      endpoint: author ? tenantEndpointOf(campaign, author) : undefined,
      installer:
        campaign.status === 'running' ? await this.deps.installerOf(campaign.tenantId) : undefined,
    };
  }

  private nowMs(): number {
    return this.deps.clock.now().toMillis();
  }
}

interface CampaignContext {
  campaign?: Campaign;
  endpoint?: TenantEndpoint;
  /** The campaign's tenant's installer; undefined when it may not use Graph. */
  installer?: AppInstaller;
}

function tenantEndpointOf(campaign: Campaign, author: ReachableUser): TenantEndpoint | undefined {
  const reference = author.conversationReference as {
    serviceUrl?: unknown;
    channelId?: unknown;
    bot?: { id?: unknown; name?: unknown };
  };
  if (reference.channelId !== 'msteams' || typeof reference.serviceUrl !== 'string')
    return undefined;
  if (typeof reference.bot?.id !== 'string') return undefined;
  return {
    tenantId: campaign.tenantId,
    serviceUrl: reference.serviceUrl,
    bot: {
      id: reference.bot.id,
      ...(typeof reference.bot.name === 'string' ? { name: reference.bot.name } : {}),
    },
  };
}
