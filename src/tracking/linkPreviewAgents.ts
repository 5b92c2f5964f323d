/**
 * Chat clients and social networks fetch links to build previews; those fetches are not
 * clicks. They still get the redirect (the preview should show the real page) but are not
 * counted. A missing User-Agent is treated the same way: every browser sends one.
 */
const PREVIEW_AGENT =
  /SkypeUriPreview|MicrosoftPreview|TeamsBot|\bTeams\b|Slackbot|facebookexternalhit|Twitterbot|LinkedInBot|WhatsApp|Discordbot|Googlebot|bingbot|TelegramBot|bot\b|crawler|spider|preview/i;

export function isLinkPreviewAgent(userAgent: string | undefined): boolean {
  return userAgent === undefined || userAgent.trim() === '' || PREVIEW_AGENT.test(userAgent);
}
