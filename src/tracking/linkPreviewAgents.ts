/**
 * Chat clients and social networks fetch links to build previews; those fetches are not
 * clicks. They still get the redirect (the preview should show the real page) but are not
 * counted. A missing User-Agent is treated the same way: every browser sends one.
 * Teams builds its previews server-side (SkypeUriPreview, TeamsBot); a request from the Teams
 * client itself (its in-app browser, "Teams/<version>") is a person clicking and counts.
 */
const PREVIEW_AGENT =
  /SkypeUriPreview|MicrosoftPreview|TeamsBot|Slackbot|facebookexternalhit|Twitterbot|LinkedInBot|WhatsApp|Discordbot|Googlebot|bingbot|TelegramBot|bot\b|crawler|spider|preview/i;

export function isLinkPreviewAgent(userAgent: string | undefined): boolean {
  return userAgent === undefined || userAgent.trim() === '' || PREVIEW_AGENT.test(userAgent);
}
