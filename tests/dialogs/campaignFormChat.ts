/**
 * Drives CampaignFormDialog on its own through botbuilder-testing's DialogTestClient, with the
 * dialog state in the REAL SQLite store's botStorage, a ManualClock and a recording job port.
 */
import { ConversationState, type Activity } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { DateTime } from 'luxon';
import {
  CampaignFormDialog,
  type CampaignFormOptions,
  type CampaignFormResult,
} from '../../dialogs/CampaignFormDialog.js';
import type { GraphDirectory } from '../../src/directory/GraphDirectory.js';
import type { DialogDeps } from '../../dialogs/DialogDeps.js';
import { createChatServices } from '../../src/application/ChatServices.js';
import type { MessageSender } from '../../src/application/ports/MessageSender.js';
import { ManualClock } from '../../src/clock.js';
import type { Campaign } from '../../src/domain/campaign.js';
import { silentLogger } from '../../src/logger.js';
import type { ReportReplies } from '../../src/reports/ReportReplies.js';
import type { CampaignJobs } from '../../src/application/ports/CampaignJobs.js';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../src/store/Store.js';
import { aCampaignDraft, savedCampaign, type SavedAs } from '../support/fixtures.js';

export { textOf } from './harness.js';

/** Tuesday 1 December 2026, 09:00 in Paris. */
export const NOW = DateTime.fromISO('2026-12-01T08:00:00Z');

/** DialogTestClient's default conversation has no tenant and this user. */
export const TENANT = 'default';
export const ADMIN_USER = { id: 'user1', name: 'User1' };

/** The audience and schedule cards as a Teams client submits them with valid answers. */
export const AUDIENCE = { card: 'campaignAudience', choice: 'useList', listId: 'all-users' };
export const SCHEDULE = {
  card: 'campaignSchedule',
  timeZone: 'Europe/Paris',
  startDate: '2026-12-07',
  durationDays: '5',
  open: '09:00',
  close: '18:00',
  weekdays: '1,2,3,4,5',
  presencePolicy: 'available',
};

export class RecordingJobs implements CampaignJobs {
  readonly started: { campaignId: string; at: string }[] = [];
  readonly cancelled: string[] = [];

  async scheduleStart(campaignId: string, at: Date): Promise<void> {
    this.started.push({ campaignId, at: at.toISOString() });
  }

  async cancel(campaignId: string): Promise<void> {
    this.cancelled.push(campaignId);
  }
}

/** The form never sends campaign messages nor reports: these ports fail loudly if it tries. */
const noSender: MessageSender = {
  send: () => Promise.reject(new Error('the campaign form sends no campaign message')),
};
const noReports: ReportReplies = {
  reportActivity: () => Promise.reject(new Error('the campaign form shows no report')),
  exportLink: () => {
    throw new Error('the campaign form exports nothing');
  },
};

export interface FormWorld {
  store: Store;
  clock: ManualClock;
  jobs: RecordingJobs;
  deps: DialogDeps;
}

export interface WorldOptions {
  presenceConfigured?: boolean;
  /** Graph's directory (behind nock): the form offers directory audiences. */
  directory?: GraphDirectory;
}

export function openWorld(options: WorldOptions = {}): FormWorld {
  const store = openSqliteStore(':memory:');
  const clock = new ManualClock(NOW);
  const jobs = new RecordingJobs();
  const settings = {
    defaultTimeZone: 'Europe/Paris',
    presenceConfigured: options.presenceConfigured ?? true,
  };
  return {
    store,
    clock,
    jobs,
    deps: {
      ...createChatServices({
        ...store,
        clock,
        jobs,
        sender: noSender,
        logger: silentLogger,
        ...settings,
      }),
      ...settings,
      clock,
      reports: noReports,
      ...(options.directory ? { directory: options.directory } : {}),
    },
  };
}

/** A fresh world and, in it, an admin starting to create a campaign on `botChannelId`. */
export function openFormChat(
  botChannelId: string,
  worldOptions: WorldOptions = {},
): { world: FormWorld; chat: FormChat } {
  const world = openWorld(worldOptions);
  return { world, chat: new FormChat(world, botChannelId, { mode: 'create' }) };
}

/** One admin conversation with the form; counts the admin's turns. */
export class FormChat {
  turns = 0;
  private readonly client: DialogTestClient;

  constructor(world: FormWorld, botChannelId: string, options: CampaignFormOptions) {
    const conversationState = new ConversationState(world.store.botStorage);
    this.client = new DialogTestClient(
      botChannelId,
      new CampaignFormDialog(world.deps),
      options,
      [],
      conversationState,
    );
  }

  /** Sends a text or a card submit (`{ value }`) and returns every reply of the turn. */
  async say(input: string | { value: Record<string, unknown> }): Promise<Partial<Activity>[]> {
    this.turns += 1;
    const activity: Partial<Activity> =
      typeof input === 'string'
        ? { type: 'message', text: input }
        : { type: 'message', value: input.value };
    const replies: Partial<Activity>[] = [];
    for (
      let reply: Partial<Activity> | undefined = await this.client.sendActivity(activity);
      reply !== undefined;
      reply = this.client.getNextReply()
    ) {
      replies.push(reply);
    }
    return replies;
  }

  get ended(): boolean {
    return this.client.dialogTurnResult.status === DialogTurnStatus.complete;
  }

  get result(): CampaignFormResult | undefined {
    return this.client.dialogTurnResult.result as CampaignFormResult | undefined;
  }
}

export interface SeenCard {
  /** The `card` key of its submit actions: which form it is. */
  card: string | undefined;
  /** Input id → pre-filled value. */
  inputs: Record<string, unknown>;
  texts: string[];
  facts: Record<string, string>;
  /** Ids of the choices of each choice set. */
  choices: Record<string, string[]>;
}

/** The one Adaptive Card of the turn, flattened to what the admin sees. */
export function cardOf(replies: Partial<Activity>[]): SeenCard {
  const attachments = replies.flatMap((reply) => reply.attachments ?? []);
  if (
    attachments.length !== 1 ||
    attachments[0]?.contentType !== 'application/vnd.microsoft.card.adaptive'
  ) {
    throw new Error(`expected one Adaptive Card, got ${JSON.stringify(replies)}`);
  }
  const seen: SeenCard = { card: undefined, inputs: {}, texts: [], facts: {}, choices: {} };
  collect(attachments[0].content, seen);
  return seen;
}

function collect(node: unknown, seen: SeenCard): void {
  if (Array.isArray(node)) {
    node.forEach((child) => collect(child, seen));
    return;
  }
  if (typeof node !== 'object' || node === null) {
    return;
  }
  const element = node as Record<string, unknown>;
  const type = String(element['type'] ?? '');
  if (type.startsWith('Input.') && typeof element['id'] === 'string') {
    seen.inputs[element['id']] = element['value'];
    if (type === 'Input.ChoiceSet') {
      seen.choices[element['id']] = (element['choices'] as { value: string }[]).map((c) => c.value);
    }
  }
  if (type === 'TextBlock') {
    seen.texts.push(String(element['text']));
  }
  if (type === 'FactSet') {
    for (const fact of element['facts'] as { title: string; value: string }[]) {
      seen.facts[fact.title] = fact.value;
    }
    return;
  }
  const data = element['data'] as { card?: string } | undefined;
  if (type === 'Action.Submit' && data?.card !== undefined) {
    seen.card = data.card;
  }
  Object.values(element).forEach((child) => collect(child, seen));
}

/** A stored campaign of the test tenant, scheduled to start on Monday 7 December 2026. */
export function aCampaign(overrides: Partial<Campaign> = {}): Campaign {
  const saved: SavedAs = {
    id: 'campaign-1',
    tenantId: TENANT,
    status: 'scheduled',
    authorUserId: `msteams:${ADMIN_USER.id}`,
    at: NOW.toMillis(),
  };
  return { ...savedCampaign(aCampaignDraft({ name: 'Winter Sale' }), saved), ...overrides };
}
