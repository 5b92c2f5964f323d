/** Everything the admin dialogs need, handed in by src/main.ts. */
import type { Clock } from '../src/clock.js';
import type { Logger } from '../src/logger.js';
import type { Repositories } from '../src/store/Store.js';
import type { CampaignJobs } from '../src/scheduler/CampaignJobs.js';
import type { MessageSender } from '../src/channels/MessageSender.js';
import type { ReportReplies } from '../src/reports/ReportReplies.js';

export interface DialogDeps extends Pick<
  Repositories,
  'campaigns' | 'lists' | 'users' | 'deliveries'
> {
  clock: Clock;
  jobs: CampaignJobs;
  /** Used by `try` to send the rendered message at once. */
  sender: MessageSender;
  reports: ReportReplies;
  logger: Logger;
  /** Default IANA zone of new campaigns' working hours. */
  defaultTimeZone: string;
  /** False when no Graph credentials are configured: the presence policy is `ignore` and the dialog says so. */
  presenceConfigured: boolean;
}
