/**
 * What the admin asked for (SPEC.md: Chat commands). Typed commands and card button submits map to
 * the same Command, so every route is handled once. Anything not understood is `unknown` and gets
 * the help text — the bot never stays silent.
 */
import { TurnContext, type Activity } from 'botbuilder';
import type { CampaignRef } from '../src/application/CampaignQueries.js';
import { parseCardPayload } from './cardPayloads.js';

export type { CampaignRef };

/** Commands that act on one campaign. */
export type CampaignVerb =
  'info' | 'edit' | 'delete' | 'try' | 'report' | 'export' | 'recall' | 'correct';

export type Command =
  | { kind: 'help' }
  | { kind: 'newCampaign' }
  | { kind: 'campaigns' }
  | { kind: 'lists' }
  | { kind: 'newList' }
  | { kind: 'cancel' }
  /** `ref` is null when the admin wrote the verb without a name. */
  | { kind: 'campaign'; verb: CampaignVerb; ref: CampaignRef | null }
  | { kind: 'unknown'; text: string };

const CAMPAIGN_VERBS: readonly CampaignVerb[] = [
  'info',
  'edit',
  'delete',
  'try',
  'report',
  'export',
  'recall',
  'correct',
];

const SIMPLE_COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['help', { kind: 'help' }],
  ['?', { kind: 'help' }],
  ['new campaign', { kind: 'newCampaign' }],
  ['campaigns', { kind: 'campaigns' }],
  ['lists', { kind: 'lists' }],
  ['new list', { kind: 'newList' }],
  ['cancel', { kind: 'cancel' }],
  ['stop', { kind: 'cancel' }],
  ['quit', { kind: 'cancel' }],
]);

/** Card submits first (they carry `value`), then the text without the bot's @mention. */
export function parseCommand(activity: Partial<Activity>): Command {
  const submitted = parseCardSubmit(activity.value);
  if (submitted !== null) {
    return submitted;
  }
  return parseCommandText(textWithoutMention(activity));
}

export function parseCommandText(text: string): Command {
  const trimmed = text.trim().replace(/^\/\s*/, '');
  const simple = SIMPLE_COMMANDS.get(trimmed.replace(/\s+/g, ' ').toLowerCase());
  if (simple !== undefined) {
    return simple;
  }
  const [, first = '', rest = ''] = /^(\S+)\s*(.*)$/s.exec(trimmed) ?? [];
  const verb = CAMPAIGN_VERBS.find((v) => v === first.toLowerCase());
  if (verb === undefined) {
    return { kind: 'unknown', text: trimmed };
  }
  const name = unquote(rest);
  return { kind: 'campaign', verb, ref: name === '' ? null : { by: 'name', name } };
}

/**
 * An Action.Submit of our cards: `{ command: 'info', campaignId }`, or `{ command: 'new list' }`
 * for commands without a campaign. Null when `value` is not such a submit.
 */
export function parseCardSubmit(value: unknown): Command | null {
  const payload = parseCardPayload(value);
  if (payload?.kind !== 'command') {
    return null;
  }
  const { command, campaignId } = payload;
  const verb = CAMPAIGN_VERBS.find((v) => v === command);
  if (verb !== undefined && campaignId !== undefined && campaignId !== '') {
    return { kind: 'campaign', verb, ref: { by: 'id', id: campaignId } };
  }
  return parseCommandText(command);
}

/**
 * A command that, typed or clicked in the middle of a dialog, interrupts it: `help`, `cancel`,
 * and the commands without argument (`campaigns`, `new campaign`…). A verb with a name
 * ("try again tomorrow") may well be an answer, so it is left to the dialog.
 */
export function parseInterruption(activity: Partial<Activity>): Command | null {
  const fromCard = parseCardSubmit(activity.value);
  if (fromCard !== null) {
    return fromCard;
  }
  const typed = parseCommandText(textWithoutMention(activity));
  return typed.kind === 'unknown' || typed.kind === 'campaign' ? null : typed;
}

/**
 * In Teams channels and group chats the text starts with "<at>Bot</at>"; removeRecipientMention
 * strips it (and updates activity.text, so prompts later see the clean text too).
 */
function textWithoutMention(activity: Partial<Activity>): string {
  if (activity.recipient !== undefined && typeof activity.text === 'string') {
    return TurnContext.removeRecipientMention(activity) ?? '';
  }
  return activity.text ?? '';
}

const QUOTE_PAIRS = /^["'“”‘’«»`](.*)["'“”‘’«»`]$/s;

function unquote(name: string): string {
  const trimmed = name.trim();
  const quoted = QUOTE_PAIRS.exec(trimmed);
  return (quoted === null ? trimmed : (quoted[1] ?? '')).trim();
}
