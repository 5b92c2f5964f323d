/**
 * Which requests to a tracked link count as clicks: a person's browser opening it. Everything
 * else still gets the redirect (a preview should show the real page) but is not counted:
 *
 * - programs that are not browsers: curl, python-requests, Node's fetch (`node`), Go, Java,
 *   PowerShell… and Office's own link checks (`Microsoft Office/16.0`, `ms-office`), which
 *   Outlook and the Office apps send before or besides opening a link in the browser;
 * - link previews and crawlers of chat apps and search engines (SkypeUriPreview, TeamsBot,
 *   Slackbot, Googlebot…), most of which say `compatible;` in their User-Agent;
 * - headless browsers and prefetches (`Sec-Purpose: prefetch`), which load a page nobody looks at;
 * - a request without a User-Agent: every browser sends one.
 *
 * Every browser in use today, the Teams clients' in-app browsers included, sends a User-Agent
 * beginning with `Mozilla/5.0 (<platform>`; a program can claim the same, and a mail scanner
 * that does (Safe Links, for one) is counted: that cannot be told apart from a person.
 */
import type { IncomingHttpHeaders } from 'node:http';

const BROWSER = /^Mozilla\/5\.0 \((?!compatible;)/;

const NOT_A_PERSON =
  /SkypeUriPreview|MicrosoftPreview|TeamsBot|Slackbot|facebookexternalhit|Twitterbot|LinkedInBot|WhatsApp|Discordbot|Googlebot|bingbot|TelegramBot|bot[/;)]|\bbot\b|crawler|spider|preview|HeadlessChrome|PhantomJS|PowerShell|Microsoft Office|ms-office|MSOffice/i;

/** The prefetch and preview markers of Chrome (Sec-Purpose, Purpose), Firefox (X-Moz) and Safari (X-Purpose). */
const PREFETCH_HEADERS = ['sec-purpose', 'purpose', 'x-moz', 'x-purpose'];

export function isPersonClick(headers: IncomingHttpHeaders): boolean {
  const userAgent = headers['user-agent'] ?? '';
  if (!BROWSER.test(userAgent) || NOT_A_PERSON.test(userAgent)) return false;
  return !PREFETCH_HEADERS.some((name) => /prefetch|preview/i.test(String(headers[name] ?? '')));
}
