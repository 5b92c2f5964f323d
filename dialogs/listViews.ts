/** The reply to `lists`: the built-in list of every reachable user, then the saved mailing lists. */
import { MessageFactory, type Activity } from 'botbuilder';
import listsTemplate from '../cards/lists.json' with { type: 'json' };
import { renderCard } from '../src/cards/renderCard.js';
import { supportsCardInputs } from '../src/bot/identity.js';
import type { Repositories } from '../src/store/Store.js';
import { ALL_USERS_LIST_NAME } from './campaignDescription.js';
import { countReachable } from '../src/application/reachability.js';

interface ListRow {
  name: string;
  summary: string;
}

export async function listsReply(
  store: Pick<Repositories, 'lists' | 'users'>,
  tenantId: string,
  botChannelId: string,
): Promise<Partial<Activity>> {
  const rows = [await allUsersRow(store, tenantId), ...(await savedListRows(store, tenantId))];
  if (!supportsCardInputs(botChannelId)) {
    return MessageFactory.text(listsText(rows));
  }
  return MessageFactory.attachment(renderCard(listsTemplate, { lists: rows }));
}

async function allUsersRow(store: Pick<Repositories, 'users'>, tenantId: string): Promise<ListRow> {
  const count = await store.users.count(tenantId);
  return {
    name: ALL_USERS_LIST_NAME,
    summary: `built-in · ${plural(count, 'user')} who installed or talked to the bot`,
  };
}

async function savedListRows(
  store: Pick<Repositories, 'lists' | 'users'>,
  tenantId: string,
): Promise<ListRow[]> {
  const lists = await store.lists.list(tenantId);
  return Promise.all(
    lists.map(async (list) => {
      const reachable = await countReachable(store.users, tenantId, list.emails);
      const unreachable = list.emails.length - reachable;
      return {
        name: list.name,
        summary: `${plural(list.emails.length, 'address', 'addresses')} · ${reachable} reachable · ${unreachable} not reachable yet`,
      };
    }),
  );
}

function listsText(rows: ListRow[]): string {
  return [
    'Recipient lists:',
    '',
    ...rows.map((r) => `- **${r.name}** — ${r.summary}`),
    '',
    'Write `new list` to create a mailing list.',
  ].join('\n');
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
