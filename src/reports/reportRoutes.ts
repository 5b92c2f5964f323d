/**
 * `GET /reports/:campaignId/chart.png` and `GET /reports/:campaignId/export.csv`. Report data
 * holds recipients' addresses, so both answer only to a valid, unexpired signed URL (403
 * otherwise) — checked before the campaign is even looked up.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response, Server } from 'restify';
import type { Clock } from '../application/ports/Clock.js';
import type { Campaign } from '../domain/campaign.js';
import type { Logger } from '../logger.js';
import type { ReportQueries } from '../application/ReportQueries.js';
import { verifySignedRequest } from '../tracking/signedUrl.js';
import { renderChartPng, renderChartSvg } from './chart.js';
import { campaignCsvLines } from './csvExport.js';

export interface ReportRoutesDeps {
  reports: Pick<ReportQueries, 'campaign' | 'report' | 'exportPage'>;
  secret: string;
  clock: Clock;
  logger: Logger;
}

export function registerReportRoutes(deps: ReportRoutesDeps): (server: Server) => void {
  const { reports, secret, clock, logger } = deps;

  /** The campaign a valid signed request is for, or null once a 403/404 has been answered. */
  const authorizedCampaign = async (req: Request, res: Response): Promise<Campaign | null> => {
    if (!verifySignedRequest(req.url ?? '', clock.now().toMillis(), secret)) {
      sendText(res, 403, 'This link is invalid or has expired. Ask the bot for a new report.');
      return null;
    }
    const campaign = await reports.campaign(String(req.params?.campaignId ?? ''));
    if (!campaign) sendText(res, 404, 'This campaign does not exist any more.');
    return campaign;
  };

  const chart = async (req: Request, res: Response): Promise<void> => {
    const campaign = await authorizedCampaign(req, res);
    if (!campaign) return;
    const report = await reports.report(campaign.id);
    const png = renderChartPng(renderChartSvg(report.timeline, campaign.workingHours.timeZone));
    res.writeHead(200, {
      'Content-Type': 'image/png',
      'Content-Length': png.length,
      'Cache-Control': 'private, max-age=300',
    });
    res.end(png);
  };

  const csv = async (req: Request, res: Response): Promise<void> => {
    const campaign = await authorizedCampaign(req, res);
    if (!campaign) return;
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName(campaign.name)}.csv"`,
      'Cache-Control': 'no-store',
    });
    // A BOM so Excel reads the file as UTF-8 (accented names) instead of the local code page.
    res.write('\uFEFF');
    await pipeline(Readable.from(campaignCsvLines(reports, campaign)), res);
    logger.info({ campaignId: campaign.id }, 'report exported');
  };

  const guarded =
    (name: string, handler: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        await handler(req, res);
      } catch (err) {
        logger.error(
          { err, campaignId: req.params?.campaignId, route: name },
          'report route failed',
        );
        // Mid-stream, cutting the connection is the only honest signal: a truncated CSV must
        // not look complete.
        if (res.headersSent) res.destroy();
        else sendText(res, 500, 'The report could not be produced. Please try again.');
      }
    };

  return (server) => {
    server.get('/reports/:campaignId/chart.png', guarded('chart', chart));
    server.get('/reports/:campaignId/export.csv', guarded('export', csv));
  };
}

function sendText(res: Response, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(`${text}\n`);
}

/** The campaign name reduced to characters safe in a Content-Disposition header. */
function fileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${safe || 'campaign'}-report`;
}
