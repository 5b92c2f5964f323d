/**
 * Gives every link of one recipient's message its own unguessable token, so a click tells
 * which recipient clicked which link (SPEC.md: Reports). Called right before sending.
 */
import { randomBytes } from 'node:crypto';
import { rewriteLinks } from '../domain/links.js';
import type { LinkToken } from '../domain/tracking.js';
import type { TrackingStore } from '../application/ports/repositories.js';

/** 128 random bits, base64url: 22 characters nobody can guess. */
export function randomLinkToken(): string {
  return randomBytes(16).toString('base64url');
}

export interface LinkTrackerDeps {
  tracking: TrackingStore;
  /** Public base URL of this server, without a trailing slash. */
  publicUrl: string;
  randomToken?: () => string;
}

export class LinkTracker {
  private readonly randomToken: () => string;

  constructor(private readonly deps: LinkTrackerDeps) {
    this.randomToken = deps.randomToken ?? randomLinkToken;
  }

  /** The message with each http(s) link replaced by `${publicUrl}/r/<token>`; tokens saved first. */
  async trackLinks(
    delivery: { id: string; campaignId: string },
    markdown: string,
  ): Promise<string> {
    const tokens = new Map<string, LinkToken>();
    const { text } = rewriteLinks(markdown, (url) => {
      let link = tokens.get(url);
      if (!link) {
        link = {
          token: this.randomToken(),
          campaignId: delivery.campaignId,
          deliveryId: delivery.id,
          url,
        };
        tokens.set(url, link);
      }
      return `${this.deps.publicUrl}/r/${link.token}`;
    });
    if (tokens.size > 0) await this.deps.tracking.saveTokens([...tokens.values()]);
    return text;
  }
}
