/**
 * `GET|HEAD /r/:token`: the tracked-link redirect (SPEC.md: Reports). A known token records
 * the click and answers 302 to the URL stored with it; anything else is a 404 — this route
 * never redirects anywhere a token was not created for.
 */
import type { Request, Response, Server } from 'restify';
import type { Clock } from '../application/ports/Clock.js';
import { GroupCommit } from '../shared/GroupCommit.js';
import { isHttpUrl } from '../domain/links.js';
import type { Logger } from '../logger.js';
import type { Click } from '../domain/tracking.js';
import type { TrackedLinks } from '../application/TrackedLinks.js';
import { isPersonClick } from './personClicks.js';

export interface ClickRoutesDeps {
  links: Pick<TrackedLinks, 'linkOf' | 'recordClicks'>;
  clock: Clock;
  logger: Logger;
}

/** base64url of 16 to 64 random bytes. */
const WELL_FORMED_TOKEN = /^[A-Za-z0-9_-]{22,86}$/;

export function registerClickRoutes(deps: ClickRoutesDeps): (server: Server) => void {
  const { links, clock, logger } = deps;
  // Clicks arriving together are written together: one disk sync for many, not one each.
  const clicks = new GroupCommit<Click, void>(async (batch) => {
    await links.recordClicks(batch);
    return batch.map(() => undefined);
  });

  const redirect = async (req: Request, res: Response, countable: boolean): Promise<void> => {
    const token = String(req.params?.token ?? '');
    const link = WELL_FORMED_TOKEN.test(token) ? await links.linkOf(token) : null;
    if (!link || !isHttpUrl(link.url)) {
      if (link) logger.warn({ campaignId: link.campaignId }, 'tracked link with a non-http URL');
      res.writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : 'This link does not exist.\n');
      return;
    }
    if (countable && isPersonClick(req.headers)) {
      try {
        await clicks.submit({
          token,
          campaignId: link.campaignId,
          deliveryId: link.deliveryId,
          url: link.url,
          at: clock.now().toMillis(),
        });
      } catch (err) {
        // The recipient still reaches the page; only the statistic is lost.
        logger.error(
          { err, campaignId: link.campaignId, deliveryId: link.deliveryId },
          'could not record a click',
        );
      }
    }
    // Cache-Control: every click must come back here to be counted.
    res.writeHead(302, {
      Location: new URL(link.url).href,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    res.end();
  };

  return (server) => {
    server.get('/r/:token', async (req: Request, res: Response) => redirect(req, res, true));
    server.head('/r/:token', async (req: Request, res: Response) => redirect(req, res, false));
  };
}
