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
import type {
  CampaignDetails,
  CampaignQueries,
  CampaignRow as ReadRow,
} from '../src/application/CampaignQueries.js';
import { describeProgress } from '../src/domain/campaignProgress.js';
import { canDelete, canEdit, canExport } from '../src/domain/lifecycle.js';
import { asPlainText } from '../src/domain/text.js';
import { campaignStartInstant } from '../src/domain/workingTime.js';
import { listLabel, readableStart } from './campaignDescription.js';
import { infoLines, type Fact } from './campaignForm/fieldLines.js';
import type { RevisionState } from '../src/application/reviseCampaign.js';
import { revisionLines } from '../src/reports/revisionReport.js';
import type { ChatMessage } from '../src/shared/chatMessage.js';

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
  /** Started, with recipients: there is a CSV to export. */
  exportable: boolean;
}

export async function campaignListReply(
  campaigns: Pick<CampaignQueries, 'page'>,
  tenantId: string,
  botChannelId: string,
): Promise<Partial<Activity>> {
  const page = await campaigns.page(tenantId, CAMPAIGNS_SHOWN);
  if (page.total === 0) {
    return MessageFactory.text(
      'You have no campaigns yet. Write `new campaign` to create your first one.',
    );
  }
  const rows = page.rows.map(campaignRow);
  const note =
    page.total > rows.length
      ? `Showing the ${rows.length} most recent of ${page.total}. Use \`info\` followed by a name for the others.`
      : '';
  if (!supportsCardInputs(botChannelId)) {
    return MessageFactory.text(campaignListText(rows, note));
  }
  return MessageFactory.attachment(renderCard(campaignListTemplate, { campaigns: rows, note }));
}

function campaignRow({ campaign, progress }: ReadRow): CampaignRow {
  return {
    id: campaign.id,
    name: asPlainText(campaign.name),
    status: campaign.status,
    start: readableStart(campaign),
    progress: describeProgress(progress),
    editable: canEdit(campaign.status),
    deletable: canDelete(campaign.status),
    exportable: canExport(campaign.status, progress.recipients),
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
  exportable: boolean;
}

export async function campaignInfoReply(
  campaigns: Pick<CampaignQueries, 'details'>,
  campaign: Campaign,
  botChannelId: string,
  revision: RevisionState | null = null,
): Promise<Partial<Activity>> {
  const info = campaignInfo(await campaigns.details(campaign));
  if (revision !== null) info.facts.push(revisionFact(campaign, revision));
  if (!supportsCardInputs(botChannelId)) {
    return MessageFactory.text(campaignInfoText(info));
  }
  return MessageFactory.attachment(renderCard(campaignInfoTemplate, info));
}

/** Where a recall or correction stands, and who asked for it when. */
function revisionFact(campaign: Campaign, { revision, progress }: RevisionState): Fact {
  return {
    title: revision.kind === 'recall' ? 'Recall' : 'Correction',
    value: revisionLines(campaign, revision, progress).join(' '),
  };
}

/** The report with where a recall or correction stands, below its text. */
export function withRevisionLines(
  report: ChatMessage,
  campaign: Campaign,
  state: RevisionState | null,
): ChatMessage {
  if (state === null) return report;
  const { title, value } = revisionFact(campaign, state);
  return { ...report, text: [report.text, `**${title}**: ${value}`].filter(Boolean).join('\n\n') };
}

function campaignInfo({ campaign, progress: counted, list }: CampaignDetails): CampaignInfo {
  const planning =
    campaign.status === 'running' && campaign.plannedAt === undefined
      ? ' · still reading its audience: more recipients to come'
      : '';
  const progress = counted === null ? '' : describeProgress(counted) + planning;
  return {
    id: campaign.id,
    name: asPlainText(campaign.name),
    facts: [
      { title: 'Status', value: campaign.status },
      ...infoLines(campaign, {
        listName: listLabel(campaign.listId, list),
        startsAt: campaignStartInstant(campaign),
      }),
      ...(progress === '' ? [] : [{ title: 'Progress', value: progress }]),
    ],
    endReason: campaign.endReason ?? '',
    message: campaign.message,
    editable: canEdit(campaign.status),
    deletable: canDelete(campaign.status),
    exportable: canExport(campaign.status, counted?.recipients ?? 0),
  };
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
