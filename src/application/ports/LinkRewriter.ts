/** Rewrites the links of one delivery's message to tracked links (src/tracking/LinkTracker). */
export interface LinkRewriter {
  trackLinks(delivery: { id: string; campaignId: string }, markdown: string): Promise<string>;
}
