/** The tracked links of sent messages (SPEC.md: Reports): where a token leads, and its clicks. */
import type { Click, LinkToken } from '../domain/tracking.js';
import type { TrackingStore } from './ports/repositories.js';

export class TrackedLinks {
  constructor(private readonly tracking: Pick<TrackingStore, 'findToken' | 'recordClicks'>) {}

  /** The link a token was made for, or null for a token never made. */
  linkOf(token: string): Promise<LinkToken | null> {
    return this.tracking.findToken(token);
  }

  /** All in one write. */
  recordClicks(clicks: Click[]): Promise<void> {
    return this.tracking.recordClicks(clicks);
  }
}
