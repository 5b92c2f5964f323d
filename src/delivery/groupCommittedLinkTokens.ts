/**
 * The TrackingStore the dispatcher's LinkTracker should write through: link tokens of sends
 * running side by side are saved in one write (see GroupCommit), each send still waiting until
 * its own tokens are stored — a click must never meet an unknown token.
 */
import type { LinkToken } from '../domain/tracking.js';
import type { TrackingStore } from '../application/ports/repositories.js';
import { GroupCommit } from '../shared/GroupCommit.js';

export function withGroupCommittedLinkTokens(tracking: TrackingStore): TrackingStore {
  const tokens = new GroupCommit<LinkToken[], void>(async (groups) => {
    await tracking.saveTokens(groups.flat());
    return groups.map(() => undefined);
  });
  return {
    saveTokens: (linkTokens) => tokens.submit(linkTokens),
    findToken: (token) => tracking.findToken(token),
    recordClicks: (clicks) => tracking.recordClicks(clicks),
    clicksByDelivery: (deliveryIds) => tracking.clicksByDelivery(deliveryIds),
  };
}
