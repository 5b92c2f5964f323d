/**
 * Pushes a finished campaign's final report to its author (SPEC.md: Reports), on the
 * conversation the author talks to the bot in. An author the bot can no longer reach is
 * logged, not an error: the report stays available on request.
 */
import type { SendOutcome } from '../application/ports/MessageSender.js';
import type { Campaign } from '../domain/campaign.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { Logger } from '../logger.js';
import type { UserStore } from '../application/ports/repositories.js';
import type { ChatMessage } from '../shared/chatMessage.js';
import type { ReportService } from './ReportService.js';

export interface AuthorNotifierDeps {
  users: Pick<UserStore, 'get'>;
  reports: Pick<ReportService, 'finalReportActivity'>;
  sender: {
    sendActivity(user: ReachableUser, message: ChatMessage): Promise<SendOutcome>;
  };
  logger: Logger;
}

/** The `notifyAuthor` of CampaignFinisher. */
export function authorNotifier(deps: AuthorNotifierDeps): (campaign: Campaign) => Promise<void> {
  const { users, reports, sender, logger } = deps;
  return async (campaign) => {
    const campaignId = campaign.id;
    const author = await users.get(campaign.authorUserId);
    if (!author) {
      logger.warn({ campaignId }, 'final report not pushed: the author is no longer reachable');
      return;
    }
    const outcome = await sender.sendActivity(author, await reports.finalReportActivity(campaign));
    if (outcome.kind === 'sent') {
      logger.info({ campaignId, outcome: outcome.kind }, 'final report pushed to the author');
    } else {
      logger.warn(
        { campaignId, outcome: outcome.kind, reason: outcome.reason },
        'final report not pushed to the author',
      );
    }
  };
}
