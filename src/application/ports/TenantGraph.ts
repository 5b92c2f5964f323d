/**
 * Microsoft Graph as the application asks for it: always for one tenant, the campaign's or the
 * admin's own, never a global one (SPEC.md: One directory per tenant). Implemented by
 * src/graph/GraphTenants.ts.
 */
import type { Directory } from './Directory.js';

/** What a tenant's Graph offers the application; adapters may hand more (presence, installer). */
export interface TenantGraph {
  directory: Directory;
}

export type TenantGraphAccess<G extends TenantGraph = TenantGraph> =
  /**
   * The tenant's own directory, read with a token for that tenant. `consentUrl` (multi-tenant):
   * where its Entra admin consents again when Graph refuses a permission.
   */
  | { kind: 'granted'; graph: G; consentUrl?: string }
  /** The tenant has not granted the app admin consent: its Entra admin can, at `consentUrl`. */
  | { kind: 'not-consented'; consentUrl: string }
  /** No Graph for this tenant: none configured, or (single-tenant) it belongs to another tenant. */
  | { kind: 'not-offered' };

export interface TenantGraphs<G extends TenantGraph = TenantGraph> {
  /**
   * Without asking anyone: false for a tenant Graph does not serve or that was just found not
   * to have consented. For rules on the hot path (presence, chat re-opening).
   */
  mayUse(tenantId: string): boolean;
  /** The tenant's Graph, or why not; may ask the login host whether the tenant consented. */
  graphFor(tenantId: string): Promise<TenantGraphAccess<G>>;
}
