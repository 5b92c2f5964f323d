/** Where a recipient's presence comes from (SPEC.md: Presence). */
import type { PresenceClass } from '../../domain/presencePolicy.js';

export interface PresenceProvider {
  /**
   * False when no presence source serves the tenant (none configured, Graph's belongs to another
   * tenant, or the tenant has not consented): its campaigns then use the `ignore` policy, and
   * nothing is read for them.
   */
  configuredFor(tenantId: string): boolean;
  /**
   * Presence of each AAD object id of the tenant, read from that tenant's own directory. Ids Graph does not know come back `absent`. Ids whose
   * presence could not be read this round (Graph throttled, down, or refusing) are left out of
   * the map: the caller postpones them rather than counting them absent, so an outage does not
   * use up recipients' retry ladder. Batches and throttling are the provider's business.
   */
  getPresences(tenantId: string, aadObjectIds: string[]): Promise<Map<string, PresenceClass>>;
}
