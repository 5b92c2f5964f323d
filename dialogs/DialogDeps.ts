/**
 * Everything the admin dialogs need, handed in by src/main.ts: the application's services and
 * ports, never a repository. A dialog only converses; reading and deciding are the services'.
 */
import type { ChatServices } from '../src/application/ChatServices.js';
import type { Clock } from '../src/application/ports/Clock.js';
import type { Directory } from '../src/application/ports/Directory.js';
import type { ReportReplies } from '../src/reports/ReportReplies.js';

export interface DialogDeps extends ChatServices {
  reports: ReportReplies;
  clock: Clock;
  /** Default IANA zone of new campaigns' working hours. */
  defaultTimeZone: string;
  /** False when no Graph credentials are configured: the presence policy is `ignore` and the dialog says so. */
  presenceConfigured: boolean;
  /** The organisation's directory, for admins of the tenant Graph's credentials belong to. */
  directory?: Directory;
  /** For admins of another tenant when Graph is configured: why no directory is offered. */
  directoryNote?: string;
  /** Multi-tenant Graph: where the admin's Entra admin grants the bot's app its permissions. */
  consentUrl?: string;
}
