/** Where a recipient's presence comes from (SPEC.md: Presence). */

/** Graph availability folded into the classes the presence policy speaks of. */
export type PresenceClass = 'available' | 'away' | 'busy' | 'absent';

export interface PresenceProvider {
  /** False when no presence source is configured: campaigns then use the `ignore` policy. */
  readonly configured: boolean;
  /**
   * Presence of each AAD object id. Ids Graph does not know come back `absent`.
   * Batches and throttling are the provider's business.
   */
  getPresences(aadObjectIds: string[]): Promise<Map<string, PresenceClass>>;
}
