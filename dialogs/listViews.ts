/**
 * The reply to `lists`: the built-in list of every reachable user, then the saved lists —
 * mailing lists with how many of their addresses are reachable, directory audiences with what
 * they are (their members are read only when a campaign starts).
 */
import { MessageFactory, type Activity } from 'botbuilder';
import listsTemplate from '../cards/lists.json' with { type: 'json' };
import { renderCard } from '../src/cards/renderCard.js';
import { supportsCardInputs } from '../src/bot/identity.js';
import type { Repositories } from '../src/application/ports/repositories.js';
import { ALL_USERS_LIST_NAME } from './campaignDescription.js';
import { countReachable } from '../src/application/reachability.js';
import { directoryAudienceOf } from '../src/domain/directory.js';
import type { RecipientList } from '../src/domain/recipients.js';
import { formatCount } from '../src/reports/reportFigures.js';

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
      const directory = directorySummary(list);
      if (directory !== undefined) return { name: list.name, summary: directory };
      const reachable = await countReachable(store.users, tenantId, list.emails);
      const unreachable = list.emails.length - reachable;
      return {
        name: list.name,
        summary: `${plural(list.emails.length, 'address', 'addresses')} · ${reachable} reachable · ${unreachable} not reachable yet`,
      };
    }),
  );
}

/** "Microsoft 365 group · members read when a campaign starts · about 2,500 when chosen". */
function directorySummary(list: RecipientList): string | undefined {
  const audience = directoryAudienceOf(list.id);
  if (audience === undefined) return undefined;
  const kind =
    list.directoryAudience?.kind ??
    (audience.kind === 'group' ? 'directory group' : 'everyone in the organisation');
  const size = list.directoryAudience?.estimatedSize;
  return [
    kind.charAt(0).toUpperCase() + kind.slice(1),
    'members read when a campaign starts',
    ...(size === undefined ? [] : [`about ${formatCount(size)} people when chosen`]),
  ].join(' · ');
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
