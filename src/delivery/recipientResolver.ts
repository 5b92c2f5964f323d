/**
 * Turns a campaign's list into recipients, page by page, so a 100k list never sits in memory
 * whole. Addresses with no reachable user on the campaign's channel are kept (unreachable).
 */
import type { Campaign } from '../domain/campaign.js';
import { ALL_USERS_LIST_ID, type ReachableUser } from '../domain/recipients.js';
import type { ListStore, UserStore } from '../store/Store.js';

export interface Recipient {
  /** Lower-cased e-mail, or the reachable user's id when the channel gave no e-mail. */
  address: string;
  user?: ReachableUser;
}

const PAGE_SIZE = 1000;

export async function* resolveRecipients(
  { lists, users }: { lists: ListStore; users: UserStore },
  campaign: Campaign,
): AsyncGenerator<Recipient[]> {
  if (campaign.listId === ALL_USERS_LIST_ID) {
    yield* allReachableUsers(users, campaign);
    return;
  }
  const list = await lists.get(campaign.listId);
  const emails = list?.emails ?? [];
  for (let i = 0; i < emails.length; i += PAGE_SIZE) {
    const page = emails.slice(i, i + PAGE_SIZE);
    const found = await users.findByEmails(page, campaign.channel);
    yield page.map((address) => ({ address, user: found.get(address) }));
  }
}

async function* allReachableUsers(
  users: UserStore,
  campaign: Campaign,
): AsyncGenerator<Recipient[]> {
  let afterId: string | undefined;
  for (;;) {
    const page = await users.list(campaign.tenantId, campaign.channel, {
      afterId,
      limit: PAGE_SIZE,
    });
    if (page.length === 0) return;
    yield page.map((user) => ({ address: user.email ?? user.id, user }));
    afterId = page[page.length - 1]!.id;
  }
}
