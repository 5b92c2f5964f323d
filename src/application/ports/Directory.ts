/**
 * What the application needs of the organisation's directory (SPEC.md: Recipient lists):
 * group search, audience size estimates and address matching. Implemented by
 * src/directory/GraphDirectory.ts when Graph credentials are configured.
 */
import type { DirectoryUser } from '../../domain/directory.js';
import type { AttributeRule, AttributeValue } from '../../domain/directoryAttributes.js';

export interface DirectoryGroup {
  id: string;
  displayName: string;
  mail?: string;
  /** "Microsoft 365 group", "security group", "distribution list", "mail-enabled security group". */
  kind: string;
}

/** Groups found, or Graph's status when it would not search (0: no answer). */
export type GroupSearch =
  { kind: 'found'; groups: DirectoryGroup[] } | { kind: 'unavailable'; status: number };

/** How many people an audience holds, or Graph's status when it would not count (0: no answer). */
export type SizeEstimate = { kind: 'counted'; size: number } | { kind: 'unknown'; status: number };

/**
 * How many people an attribute rule holds, and which of its values match nobody on their own
 * (a value whose count failed is not among them: unknown is not "nobody"); or Graph's status
 * when it would not count the rule.
 */
export type AttributeCount =
  | { kind: 'counted'; size: number; unmatched: AttributeValue[] }
  | { kind: 'unknown'; status: number };

export interface Directory {
  /**
   * Each address to the user it names, null when it names nobody in the tenant. An address
   * whose lookup failed is left out: unknown is not "nobody".
   */
  resolveAddresses(addresses: string[]): Promise<Map<string, DirectoryUser | null>>;
  /** Groups whose name contains `text`. */
  searchGroups(text: string): Promise<GroupSearch>;
  /** Members of the group (everyone without a group). */
  estimateSize(groupId?: string): Promise<SizeEstimate>;
  /** The enabled accounts an attribute rule holds, and its values that match nobody. */
  countByAttributes(rule: AttributeRule): Promise<AttributeCount>;
}
