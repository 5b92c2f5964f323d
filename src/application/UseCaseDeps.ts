/** The ports the use cases work with, handed in by src/main.ts through the dialogs (and jobs). */
import type { MessageSender } from '../channels/MessageSender.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CampaignJobs } from '../scheduler/CampaignJobs.js';
import type { Repositories } from '../store/Store.js';

export interface UseCaseDeps extends Pick<
  Repositories,
  'campaigns' | 'lists' | 'users' | 'deliveries'
> {
  clock: Clock;
  jobs: CampaignJobs;
  /** Used by `try` to send the rendered message at once. */
  sender: MessageSender;
  logger: Logger;
}
