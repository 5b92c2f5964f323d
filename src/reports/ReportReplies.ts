/** What the chat side needs from reporting to answer `report <name>` and `export <name>`. */
import type { Campaign } from '../domain/campaign.js';
import type { ChatMessage } from '../shared/chatMessage.js';

export interface ReportReplies {
  /** The report as a reply: an Adaptive Card, or text on channels without cards (`botChannelId` 'skype'). */
  reportActivity(campaign: Campaign, botChannelId: string): Promise<ChatMessage>;
  /** A signed, expiring link to the campaign's per-recipient CSV. */
  exportLink(campaign: Campaign): string;
}
