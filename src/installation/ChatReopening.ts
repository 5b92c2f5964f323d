/**
 * Re-opening the chat of a recipient Teams no longer has a conversation with (the dispatcher's
 * ChatReopener): an installation row marked `reopensChatOf`, taken by the InstallationWorker,
 * which makes sure the app is installed (Graph), opens a new 1:1 chat, stores it as the
 * person's conversation and releases their delivery. Only for campaigns of a tenant that may use Graph.
 */
import type { DirectoryAccess } from '../application/directoryAccess.js';
import type { InstallationStore } from '../application/ports/repositories.js';
import type { Clock } from '../application/ports/Clock.js';
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import { chatReopening, installationId } from '../domain/installation.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { ChatReopener } from '../delivery/DeliveryDispatcher.js';

export interface ChatReopeningDeps {
  installations: Pick<InstallationStore, 'exists' | 'insert'>;
  directoryAccess: DirectoryAccess;
  clock: Clock;
}

export class ChatReopening implements ChatReopener {
  constructor(private readonly deps: ChatReopeningDeps) {}

  /**
   * Once per recipient of a campaign: a second 404 after the repair, or one in a chat the bot
   * opened itself for this campaign, is final.
   */
  async mayReopen(campaign: Campaign, delivery: Delivery): Promise<boolean> {
    if (!this.deps.directoryAccess.mayUse(campaign.tenantId)) return false;
    return !(await this.deps.installations.exists(installationId(campaign.id, delivery.email)));
  }

  async reopen(campaign: Campaign, delivery: Delivery, user: ReachableUser): Promise<void> {
    if (user.aadObjectId === undefined) return;
    const now = this.deps.clock.now().toMillis();
    await this.deps.installations.insert([
      chatReopening(campaign, delivery, { ...user, aadObjectId: user.aadObjectId }, now),
    ]);
  }
}
