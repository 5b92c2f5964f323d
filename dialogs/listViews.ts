/**
 * The reply to `lists`: the built-in list of every reachable user, then the saved lists —
 * mailing lists with how many of their addresses are reachable, directory audiences with what
 * they are (their members are read only when a campaign starts).
 */
import { MessageFactory, type Activity } from 'botbuilder';
import listsTemplate from '../cards/lists.json' with { type: 'json' };
import { renderCard } from '../src/cards/renderCard.js';
import { supportsCardInputs } from '../src/bot/identity.js';
import type { ListService, ListRow as ReadRow } from '../src/application/ListService.js';
import { ALL_USERS_LIST_NAME } from './campaignDescription.js';
import { directoryAudienceOf, type DirectoryAudience } from '../src/domain/directory.js';
import type { RecipientList } from '../src/domain/recipients.js';
import { asPlainText } from '../src/domain/text.js';
import { formatCount } from '../src/reports/reportFigures.js';

interface ListRow {
  name: string;
  summary: string;
}

export async function listsReply(
  lists: Pick<ListService, 'overview'>,
  tenantId: string,
  botChannelId: string,
): Promise<Partial<Activity>> {
  const overview = await lists.overview(tenantId);
  const rows = [allUsersRow(overview.allUsers), ...overview.lists.map(savedListRow)];
  if (!supportsCardInputs(botChannelId)) {
    return MessageFactory.text(listsText(rows));
  }
  return MessageFactory.attachment(renderCard(listsTemplate, { lists: rows }));
}

function allUsersRow(count: number): ListRow {
  return {
    name: ALL_USERS_LIST_NAME,
    summary: `built-in · ${plural(count, 'user')} who installed or talked to the bot`,
  };
}

function savedListRow({ list, reachable }: ReadRow): ListRow {
  const name = asPlainText(list.name);
  const directory = directorySummary(list);
  if (directory !== undefined) return { name, summary: directory };
  const count = reachable ?? 0;
  return {
    name,
    summary: `${plural(list.emails.length, 'address', 'addresses')} · ${count} reachable · ${list.emails.length - count} not reachable yet`,
  };
}

/** What a directory audience saved without its kind is. */
const AUDIENCE_KINDS: Record<DirectoryAudience['kind'], string> = {
  group: 'directory group',
  everyone: 'everyone in the organisation',
  attributes: 'people by department, country or office',
};

/** "Microsoft 365 group · members read when a campaign starts · about 2,500 when chosen". */
function directorySummary(list: RecipientList): string | undefined {
  const audience = directoryAudienceOf(list.id);
  if (audience === undefined) return undefined;
  const kind = list.directoryAudience?.kind ?? AUDIENCE_KINDS[audience.kind];
  const size = list.directoryAudience?.estimatedSize;
  return [
    kind.charAt(0).toUpperCase() + kind.slice(1),
    'members read when a campaign starts',
    ...(size === undefined
      ? []
      : [`about ${formatCount(size)} ${size === 1 ? 'person' : 'people'} when chosen`]),
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
