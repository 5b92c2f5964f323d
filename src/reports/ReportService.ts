/**
 * Answers `report <name>` and `export <name>`, and builds the report pushed to a campaign's
 * author when it finishes. Chart and CSV links are signed and expire: they carry recipient
 * data and end up in chat history.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { Campaign } from '../domain/campaign.js';
import { describeRecipientHoursCounts } from '../domain/recipientHours.js';
import { asPlainText } from '../domain/text.js';
import { ReportQueries, type ReportQueriesDeps } from '../application/ReportQueries.js';
import { cardMessage, textMessage, type ChatMessage } from '../shared/chatMessage.js';
import { signPath } from '../tracking/signedUrl.js';
import { renderReportCard, reportText, type ReportCardData } from './reportCard.js';
import { reachFigures } from './reachFigures.js';
import { formatCount, reportFigures } from './reportFigures.js';
import { chartPath, exportPath } from './reportPaths.js';
import type { ReportReplies } from './ReportReplies.js';

/** A day: long enough to read the report, short enough that a leaked link soon dies. */
const DEFAULT_LINK_TTL_MINUTES = 24 * 60;

/** The ports of the report queries, and how links are made. */
export interface ReportServiceDeps extends ReportQueriesDeps {
  /** Public base URL of this server, without a trailing slash. */
  publicUrl: string;
  /** HMAC key of the signed links; the report routes must use the same one. */
  secret: string;
  clock: Clock;
  linkTtlMinutes?: number;
}

export class ReportService implements ReportReplies {
  private readonly ttlMs: number;
  /** Reports read through the application's queries, as the report routes do. */
  readonly queries: ReportQueries;

  constructor(private readonly deps: ReportServiceDeps) {
    this.ttlMs = (deps.linkTtlMinutes ?? DEFAULT_LINK_TTL_MINUTES) * 60_000;
    this.queries = new ReportQueries(deps);
  }

  async reportActivity(campaign: Campaign, botChannelId: string): Promise<ChatMessage> {
    const data = await this.cardData(campaign);
    return botChannelId === 'skype'
      ? textMessage(reportText(data))
      : cardMessage(renderReportCard(data));
  }

  exportLink(campaign: Campaign): string {
    return this.signedUrl(exportPath(campaign.id));
  }

  /** The report pushed to the author at the end, on the channel they talk to the bot on. */
  async finalReportActivity(campaign: Campaign): Promise<ChatMessage> {
    const author = await this.queries.author(campaign);
    const data = await this.cardData(campaign);
    const intro =
      campaign.endReason === undefined
        ? `Your campaign **${asPlainText(campaign.name)}** has finished. Here is its final report.`
        : endedEarlyIntro(campaign.name, campaign.endReason);
    return author?.botChannelId === 'skype'
      ? textMessage(`${intro}\n\n${reportText(data)}`)
      : cardMessage(renderReportCard(data), intro);
  }

  private async cardData(campaign: Campaign): Promise<ReportCardData> {
    const report = await this.queries.report(campaign.id);
    const funnel = await this.queries.funnel(campaign.id);
    const hours = await this.queries.recipientHours(campaign);
    return {
      ...reportFigures(campaign, report, await this.queries.listSize(campaign)),
      reach: funnel && reachFigures(report, funnel),
      ...(funnel && funnel.chatsReopened > 0
        ? { chatsReopened: formatCount(funnel.chatsReopened) }
        : {}),
      ...(hours && { recipientHours: describeRecipientHoursCounts(hours, formatCount) }),
      generatedAt: this.deps.clock
        .now()
        .setZone(campaign.workingHours.timeZone)
        .toFormat('d LLL yyyy HH:mm'),
      chartUrl: this.signedUrl(chartPath(campaign.id)),
      exportUrl: this.exportLink(campaign),
    };
  }

  private signedUrl(path: string): string {
    const expiresAt = this.deps.clock.now().toMillis() + this.ttlMs;
    return `${this.deps.publicUrl}${signPath(path, expiresAt, this.deps.secret)}`;
  }
}

function endedEarlyIntro(name: string, endReason: string): string {
  return [
    `Your campaign **${asPlainText(name)}** could not go on and has ended.`,
    endReason,
    `Nothing more will be sent for it. Once this is fixed, delete it (\`delete ${name}\`) and create it again. Here is its final report.`,
  ].join('\n\n');
}
