/** The admin's command list (SPEC.md: Chat commands), one line each, as Markdown both Teams and Skype render. */

import { ACKNOWLEDGE_REPLIES } from '../src/domain/acknowledgement.js';

/**
 * Arguments are shown in italics, not as `<name>`: Teams and the Agents Playground escape angle
 * brackets, so "<name>" would reach the admin as "&lt;name&gt;".
 */
/** Not a command: only a message that asks for it can be acknowledged (SPEC.md: Acknowledgement). */
const ACKNOWLEDGE_NOTE = `On Skype, a message that asks you to acknowledge it is acknowledged by replying ${ACKNOWLEDGE_REPLIES.map(
  (reply) => `\`${reply}\``,
).join(', ')} while it is outstanding.`;

const COMMANDS: readonly [usage: string, what: string][] = [
  ['help', 'show this list'],
  ['new campaign', 'create a campaign step by step'],
  ['campaigns', 'list your campaigns with their status and progress'],
  ['info _name_', 'show everything about one campaign'],
  ['edit _name_', 'change a campaign that has not started yet'],
  ['delete _name_', 'delete a campaign (not while it is running)'],
  ['try _name_', 'send the message to one address now, to see how it looks'],
  ['report _name_', 'show the campaign report'],
  ['export _name_', 'get a link to download the per-recipient CSV'],
  ['lists', 'show the recipient lists and how many people they reach'],
  ['new list', 'create a mailing list by pasting e-mail addresses'],
  ['cancel', 'leave the current question; nothing is saved'],
  ['link skype', 'get a one-time code to act as yourself from Skype (`unlink` there undoes it)'],
  ['whoami', 'show who I think you are and whether you are an admin'],
];

export const HELP_TEXT = [
  "Here's what I can do:",
  '',
  ...COMMANDS.map(([usage, what]) => `- ${formatUsage(usage)} — ${what}`),
  '',
  ACKNOWLEDGE_NOTE,
].join('\n');

/** "info _name_" → "`info` _name_": the command as code, its argument in italics. */
function formatUsage(usage: string): string {
  const [command, argument] = usage.split(' _');
  return argument ? `\`${command}\` _${argument}` : `\`${usage}\``;
}

export const CANCELLED_TEXT = 'Cancelled — nothing was saved.';
