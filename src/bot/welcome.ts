/** What the bot says first, and to anyone who is not an admin (SPEC.md: Who uses it). */
import type { Channel } from '../domain/campaign.js';

export const NON_ADMIN_REPLY =
  "Hi! I deliver messages from your organisation's communication team. There's nothing to set up — you're all set to receive them.";

/** On Skype an admin is only recognised once linked: say how, without revealing anything else. */
const SKYPE_ADMIN_HINT =
  'Are you an admin? Write `link skype` to me in Teams, then `link` followed by the code here.';

export function nonAdminReply(channel: Channel): string {
  return channel === 'skype' ? `${NON_ADMIN_REPLY}\n\n${SKYPE_ADMIN_HINT}` : NON_ADMIN_REPLY;
}

/** The admin's greeting: what the bot does and the three commands to start with. */
export function adminWelcome(givenName: string | undefined): string {
  return [
    `Hi${givenName ? ` ${givenName}` : ''}! I run your push campaigns: you write a message and choose who gets it and when; I deliver it to each person at a good moment in their working hours, when their presence allows, and report who got it, read it and clicked.`,
    '',
    'To start:',
    '- `new campaign` — create one step by step',
    '- `campaigns` — see yours, with buttons for each action',
    '- `help` — every command',
  ].join('\n');
}
