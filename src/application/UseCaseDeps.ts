/** The ports the use cases work with; src/main.ts hands them to the application services. */
import type { MessageSender } from './ports/MessageSender.js';
import type { Clock } from './ports/Clock.js';
import type { Logger } from './ports/Logger.js';
import type { CampaignJobs } from './ports/CampaignJobs.js';
import type { Repositories } from './ports/repositories.js';

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
