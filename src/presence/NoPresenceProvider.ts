/** Used when no Graph credentials are configured: campaigns then run with the `ignore` policy. */
import type { PresenceClass, PresenceProvider } from './PresenceProvider.js';

export class NoPresenceProvider implements PresenceProvider {
  readonly configured = false;

  async getPresences(aadObjectIds: string[]): Promise<Map<string, PresenceClass>> {
    return new Map(aadObjectIds.map((id) => [id, 'available' as const]));
  }
}
