/** Used when no Graph credentials are configured: campaigns then run with the `ignore` policy. */
import type { PresenceProvider } from '../application/ports/PresenceProvider.js';
import type { PresenceClass } from '../domain/presencePolicy.js';

export class NoPresenceProvider implements PresenceProvider {
  configuredFor(_tenantId: string): boolean {
    return false;
  }

  async getPresences(
    _tenantId: string,
    aadObjectIds: string[],
  ): Promise<Map<string, PresenceClass>> {
    return new Map(aadObjectIds.map((id) => [id, 'available' as const]));
  }
}
