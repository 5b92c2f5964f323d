/** The admin's command list (SPEC.md: Chat commands), one line each, as Markdown both Teams and Skype render. */

const COMMANDS: readonly [usage: string, what: string][] = [
  ['help', 'show this list'],
  ['new campaign', 'create a campaign step by step'],
  ['campaigns', 'list your campaigns with their status and progress'],
  ['info <name>', 'show everything about one campaign'],
  ['edit <name>', 'change a campaign that has not started yet'],
  ['delete <name>', 'delete a campaign (not while it is running)'],
  ['try <name>', 'send the message to one address now, to see how it looks'],
  ['report <name>', 'show the campaign report'],
  ['export <name>', 'get a link to download the per-recipient CSV'],
  ['lists', 'show the recipient lists and how many people they reach'],
  ['new list', 'create a mailing list by pasting e-mail addresses'],
  ['cancel', 'leave the current question; nothing is saved'],
];

export const HELP_TEXT = [
  "Here's what I can do:",
  '',
  ...COMMANDS.map(([usage, what]) => `- \`${usage}\` — ${what}`),
].join('\n');
