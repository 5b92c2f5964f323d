/**
 * Turns a campaign's list into recipients, page by page, so a 100k list never sits in memory
 * whole. Addresses with no reachable user on the campaign's channel are kept (unreachable).
 */
import type { Campaign } from '../domain/campaign.js';
import { ALL_USERS_LIST_ID, type ReachableUser } from '../domain/recipients.js';
import type { Store } from '../store/Store.js';

export interface Recipient {
  /** Lower-cased e-mail, or the reachable user's id when the channel gave no e-mail. */
  address: string;
  user?: ReachableUser;
}

const PAGE_SIZE = 1000;

export async function* resolveRecipients(
  store: Store,
  campaign: Campaign,
): AsyncGenerator<Recipient[]> {
  if (campaign.listId === ALL_USERS_LIST_ID) {
    yield* allReachableUsers(store, campaign);
    return;
  }
  const list = await store.getList(campaign.listId);
  const emails = list?.emails ?? [];
  for (let i = 0; i < emails.length; i += PAGE_SIZE) {
    const page = emails.slice(i, i + PAGE_SIZE);
    const users = await store.findUsersByEmails(page, campaign.channel);
    yield page.map((address) => ({ address, user: users.get(address) }));
  }
}

async function* allReachableUsers(store: Store, campaign: Campaign): AsyncGenerator<Recipient[]> {
  let afterId: string | undefined;
  for (;;) {
    const users = await store.listUsers(campaign.tenantId, campaign.channel, {
      afterId,
      limit: PAGE_SIZE,
    });
    if (users.length === 0) return;
    yield users.map((user) => ({ address: user.email ?? user.id, user }));
    afterId = users[users.length - 1]!.id;
  }
}
