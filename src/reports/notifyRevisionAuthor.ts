/**
 * Tells the admin who recalled or corrected a campaign that it is done, with the messages that
 * could not be deleted or replaced and why, on the conversation they talk to the bot in.
 */
import type { SendOutcome } from '../application/ports/MessageSender.js';
import type { UserStore } from '../application/ports/repositories.js';
import type { Campaign } from '../domain/campaign.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { RevisionProgress } from '../domain/revision.js';
import type { Logger } from '../logger.js';
import { textMessage, type ChatMessage } from '../shared/chatMessage.js';
import { revisionReportText } from './revisionReport.js';

export interface RevisionAuthorNotifierDeps {
  users: Pick<UserStore, 'get'>;
  sender: { sendActivity(user: ReachableUser, message: ChatMessage): Promise<SendOutcome> };
  logger: Logger;
}

/** The `notifyAuthor` of RevisionWorker. */
export function revisionAuthorNotifier(
  deps: RevisionAuthorNotifierDeps,
): (campaign: Campaign, progress: RevisionProgress) => Promise<void> {
  const { users, sender, logger } = deps;
  return async (campaign, progress) => {
    const campaignId = campaign.id;
    const revision = campaign.revision;
    if (!revision) return;
    const author = await users.get(revision.byUserId);
    if (!author) {
      logger.warn({ campaignId }, 'revision report not pushed: its author is no longer reachable');
      return;
    }
    const outcome = await sender.sendActivity(
      author,
      textMessage(revisionReportText(campaign, revision, progress)),
    );
    const fields = { campaignId, outcome: outcome.kind };
    if (outcome.kind === 'sent') logger.info(fields, 'revision report pushed to its author');
    else logger.warn({ ...fields, reason: outcome.reason }, 'revision report not pushed');
  };
}
