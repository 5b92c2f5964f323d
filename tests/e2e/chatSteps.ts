/** The campaign form's card submits as Teams posts them, and the shortest way through it. */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { cardOf as formCardOf } from '../dialogs/campaignFormChat.js';
import type { TeamsUser } from './appHarness.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export const BASICS = {
  card: 'campaignBasics',
  name: 'Winter Sale',
  message: 'Hi {{firstName}}, our **winter sale** starts on Monday.',
  channel: 'teams',
};
export const ALL_REACHABLE_USERS = {
  card: 'campaignAudience',
  choice: 'useList',
  listId: 'all-users',
};
/** Monday 8 December 2036, Mon–Fri 09:00–18:00 in Paris, five days. */
export const SCHEDULE = {
  card: 'campaignSchedule',
  timeZone: 'Europe/Paris',
  startDate: '2036-12-08',
  durationDays: '5',
  open: '09:00',
  close: '18:00',
  weekdays: '1,2,3,4,5',
};
export const CONFIRM = { card: 'campaignSummary', choice: 'confirm' };
export const FROM_THE_DIRECTORY = { card: 'campaignAudience', choice: 'directory' };

/** The plain texts the bot posted, joined (cards have none). */
export function textOf(replies: Partial<Activity>[]): string {
  return replies.map((reply) => reply.text ?? '').join('\n');
}

/** Every fact of a card's FactSets, in order, as [title, value]. */
export function cardFacts(node: unknown): [string, string][] {
  if (Array.isArray(node)) return node.flatMap(cardFacts);
  if (typeof node !== 'object' || node === null) return [];
  const element = node as { type?: string; facts?: { title: string; value: string }[] };
  const own: [string, string][] =
    element.type === 'FactSet' ? (element.facts ?? []).map((f) => [f.title, f.value]) : [];
  return [...own, ...Object.values(node).flatMap(cardFacts)];
}

/** Content types of every attachment of the turn, in order. */
export function contentTypes(replies: Partial<Activity>[]): string[] {
  return replies.flatMap((reply) => (reply.attachments ?? []).map((a) => a.contentType));
}

/**
 * `new campaign` on cards, with "All reachable users", answered right the first time, on
 * SCHEDULE unless told otherwise. Returns the admin's confirmation text.
 */
export async function createCampaignByChat(
  admin: TeamsUser,
  schedule: typeof SCHEDULE = SCHEDULE,
): Promise<string> {
  assert.equal(formCardOf(await admin.say('new campaign')).card, 'campaignBasics');
  assert.equal(formCardOf(await admin.say({ value: BASICS })).card, 'campaignAudience');
  assert.equal(
    formCardOf(await admin.say({ value: ALL_REACHABLE_USERS })).card,
    'campaignSchedule',
  );
  assert.equal(formCardOf(await admin.say({ value: schedule })).card, 'campaignSummary');
  return textOf(await admin.say({ value: CONFIRM }));
}

/**
 * `new campaign` on cards to the directory group found by `search` (the first match), on
 * SCHEDULE (presence: available) with `schedule`'s changes. Returns what the bot said about the group's size and the admin's confirmation text.
 */
export async function createGroupCampaignByChat(
  admin: TeamsUser,
  search: string,
  /** Schedule card inputs to change, e.g. an option's. */
  schedule: Record<string, string> = {},
): Promise<{ size: string; confirmation: string }> {
  assert.equal(formCardOf(await admin.say('new campaign')).card, 'campaignBasics');
  assert.equal(formCardOf(await admin.say({ value: BASICS })).card, 'campaignAudience');
  assert.equal(
    formCardOf(await admin.say({ value: FROM_THE_DIRECTORY })).card,
    'directoryAudience',
  );
  const found = formCardOf(
    await admin.say({ value: { card: 'directoryAudience', choice: 'search', search } }),
  );
  const groupId = found.choices['groupId']?.[0];
  assert.ok(groupId, `a group matches “${search}”`);
  const picked = await admin.say({
    value: { card: 'directoryAudience', choice: 'pick', search, groupId },
  });
  assert.equal(formCardOf(picked).card, 'campaignSchedule');
  assert.equal(
    formCardOf(
      await admin.say({ value: { ...SCHEDULE, presencePolicy: 'available', ...schedule } }),
    ).card,
    'campaignSummary',
  );
  return { size: textOf(picked), confirmation: textOf(await admin.say({ value: CONFIRM })) };
}
