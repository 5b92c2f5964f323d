/**
 * Presence of each campaign's recipients from their own tenant's Microsoft Graph: the tenant's
 * services come from GraphTenants, so a tenant Graph does not serve (another tenant than
 * Graph's, one that has not consented) is never read, and its campaigns use the `ignore` policy.
 */
import type { PresenceProvider } from '../application/ports/PresenceProvider.js';
import type { PresenceClass } from '../domain/presencePolicy.js';
import type { GraphTenants } from '../graph/GraphTenants.js';

export class TenantPresenceProvider implements PresenceProvider {
  constructor(private readonly tenants: GraphTenants) {}

  configuredFor(tenantId: string): boolean {
    return this.tenants.mayUse(tenantId);
  }

  /**
   * Nothing is read for a tenant found not to have consented: its ids are left out (postponed)
   * this once, and configuredFor says false from now on, so they go out with `ignore`.
   */
  async getPresences(
    tenantId: string,
    aadObjectIds: string[],
  ): Promise<Map<string, PresenceClass>> {
    const access = await this.tenants.graphFor(tenantId);
    if (access.kind !== 'granted') return new Map();
    return access.graph.presence.getPresences(aadObjectIds);
  }
}
