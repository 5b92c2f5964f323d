/**
 * The replies to `campaigns` and `info <name>`: an Adaptive Card with action buttons where the
 * channel renders cards, Markdown text on Skype.
 */
import { MessageFactory, type Activity } from 'botbuilder';
import campaignListTemplate from '../cards/campaignList.json' with { type: 'json' };
import campaignInfoTemplate from '../cards/campaignInfo.json' with { type: 'json' };
import { renderCard } from '../src/cards/renderCard.js';
import { supportsCardInputs } from '../src/bot/identity.js';
import type { Campaign } from '../src/domain/campaign.js';
import { describeProgress, summarizeProgress } from '../src/domain/campaignProgress.js';
import { canDelete, canEdit } from '../src/domain/lifecycle.js';
import { ALL_USERS_LIST_ID, type RecipientList } from '../src/domain/recipients.js';
import type {
  DeliveryStore,
  ListStore,
  Repositories,
} from '../src/application/ports/repositories.js';
import { campaignStartInstant } from '../src/domain/workingTime.js';
import { listLabel, readableStart } from './campaignDescription.js';
import { infoLines, type Fact } from './campaignForm/fieldLines.js';

/** Keeps the card well under Teams' 28 KB message limit. */
const CAMPAIGNS_SHOWN = 20;

interface CampaignRow {
  id: string;
  name: string;
  status: string;
  start: string;
  progress: string;
  editable: boolean;
  deletable: boolean;
}

export async function campaignListReply(
  store: Pick<Repositories, 'campaigns' | 'deliveries'>,
  tenantId: string,
  botChannelId: string,
): Promise<Partial<Activity>> {
  const campaigns = await store.campaigns.list(tenantId);
  if (campaigns.length === 0) {
    return MessageFactory.text(
      'You have no campaigns yet. Write `new campaign` to create your first one.',
    );
  }
  const shown = campaigns.slice(0, CAMPAIGNS_SHOWN);
  const rows = await Promise.all(shown.map((c) => campaignRow(store.deliveries, c)));
  const note =
    campaigns.length > shown.length
      ? `Showing the ${shown.length} most recent of ${campaigns.length}. Use \`info\` followed by a name for the others.`
      : '';
  if (!supportsCardInputs(botChannelId)) {
    return MessageFactory.text(campaignListText(rows, note));
  }
  return MessageFactory.attachment(renderCard(campaignListTemplate, { campaigns: rows, note }));
}

async function campaignRow(deliveries: DeliveryStore, campaign: Campaign): Promise<CampaignRow> {
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    start: readableStart(campaign),
    progress: describeProgress(summarizeProgress(await deliveries.countByStatus(campaign.id))),
    editable: canEdit(campaign.status),
    deletable: canDelete(campaign.status),
  };
}

function campaignListText(rows: CampaignRow[], note: string): string {
  const lines = rows.map(
    (r, i) => `${i + 1}. **${r.name}** — ${r.status} · starts ${r.start} · ${r.progress}`,
  );
  return [
    'Your campaigns:',
    '',
    ...lines,
    ...(note === '' ? [] : ['', note]),
    '',
    'Write `info`, `edit`, `try`, `report` or `delete` followed by a campaign name.',
  ].join('\n');
}

interface CampaignInfo {
  id: string;
  name: string;
  /** Status, the campaign's field lines, and its progress once it runs. */
  facts: Fact[];
  /** Empty unless the campaign ended early. */
  endReason: string;
  message: string;
  editable: boolean;
  deletable: boolean;
}

export async function campaignInfoReply(
  store: Pick<Repositories, 'lists' | 'deliveries'>,
  campaign: Campaign,
  botChannelId: string,
): Promise<Partial<Activity>> {
  const info = await campaignInfo(store, campaign);
  if (!supportsCardInputs(botChannelId)) {
    return MessageFactory.text(campaignInfoText(info));
  }
  return MessageFactory.attachment(renderCard(campaignInfoTemplate, info));
}

async function campaignInfo(
  store: Pick<Repositories, 'lists' | 'deliveries'>,
  campaign: Campaign,
): Promise<CampaignInfo> {
  const hasStarted = campaign.status === 'running' || campaign.status === 'finished';
  const planning =
    campaign.status === 'running' && campaign.plannedAt === undefined
      ? ' · still reading its audience: more recipients to come'
      : '';
  const progress = hasStarted
    ? describeProgress(summarizeProgress(await store.deliveries.countByStatus(campaign.id))) +
      planning
    : '';
  return {
    id: campaign.id,
    name: campaign.name,
    facts: [
      { title: 'Status', value: campaign.status },
      ...infoLines(campaign, {
        listName: listLabel(campaign.listId, await savedList(store.lists, campaign.listId)),
        startsAt: campaignStartInstant(campaign),
      }),
      ...(progress === '' ? [] : [{ title: 'Progress', value: progress }]),
    ],
    endReason: campaign.endReason ?? '',
    message: campaign.message,
    editable: canEdit(campaign.status),
    deletable: canDelete(campaign.status),
  };
}

async function savedList(lists: ListStore, listId: string): Promise<RecipientList | null> {
  return listId === ALL_USERS_LIST_ID ? null : lists.get(listId);
}

function campaignInfoText(info: CampaignInfo): string {
  return [
    `**${info.name}**`,
    ...info.facts.map((fact) => `${fact.title}: ${fact.value}`),
    ...(info.endReason === '' ? [] : [`Ended early: ${info.endReason}`]),
    'Message:',
    '',
    info.message,
  ].join('\n');
}
