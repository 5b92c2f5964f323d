/** Tracked links: one unguessable token per recipient and link (SPEC.md: Reports). */

export interface LinkToken {
  /** base64url of at least 128 random bits. */
  token: string;
  campaignId: string;
  deliveryId: string;
  /** The original URL the token redirects to. */
  url: string;
}

export interface Click {
  token: string;
  campaignId: string;
  deliveryId: string;
  url: string;
  /** Epoch ms. */
  at: number;
}
