/** Everything the admin dialogs need, handed in by src/main.ts. */
import type { UseCaseDeps } from '../src/application/UseCaseDeps.js';
import type { ReportReplies } from '../src/reports/ReportReplies.js';
import type { GraphDirectory } from '../src/directory/GraphDirectory.js';

export interface DialogDeps extends UseCaseDeps {
  reports: ReportReplies;
  /** Default IANA zone of new campaigns' working hours. */
  defaultTimeZone: string;
  /** False when no Graph credentials are configured: the presence policy is `ignore` and the dialog says so. */
  presenceConfigured: boolean;
  /** The organisation's directory, for admins of the tenant Graph's credentials belong to. */
  directory?: GraphDirectory;
  /** For admins of another tenant when Graph is configured: why no directory is offered. */
  directoryNote?: string;
}
