/**
 * A chat with the admin dialogs over botbuilder's TestAdapter, the way src/main.ts runs them
 * (MainDialog.run + ConversationState on the store's botStorage), with the REAL SQLite store and
 * recording doubles for the ports that leave the process (jobs, channel sender, reports).
 */
import { ConversationState, TestAdapter, type Activity } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { DateTime } from 'luxon';
import type { GraphDirectory } from '../../src/directory/GraphDirectory.js';
import { MainDialog } from '../../dialogs/MainDialog.js';
import { createChatServices } from '../../src/application/ChatServices.js';
import type { DialogDeps } from '../../dialogs/DialogDeps.js';
import type { MessageSender, SendOutcome } from '../../src/application/ports/MessageSender.js';
import { ManualClock } from '../../src/clock.js';
import type { Campaign } from '../../src/domain/campaign.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import { silentLogger } from '../../src/logger.js';
import type { ReportReplies } from '../../src/reports/ReportReplies.js';
import { textMessage, type ChatMessage } from '../../src/shared/chatMessage.js';
import type { CampaignJobs } from '../../src/application/ports/CampaignJobs.js';
import type { Store } from '../../src/store/Store.js';

/** The tenant of tests/store/fixtures.ts builders. */
export const TENANT = 'tenant-a';

export class RecordingJobs implements CampaignJobs {
  readonly started: { campaignId: string; at: Date }[] = [];
  readonly cancelled: string[] = [];

  async scheduleStart(campaignId: string, at: Date): Promise<void> {
    this.started.push({ campaignId, at });
  }

  async cancel(campaignId: string): Promise<void> {
    this.cancelled.push(campaignId);
  }
}

export class RecordingSender implements MessageSender {
  readonly sent: { user: ReachableUser; markdown: string }[] = [];
  /** What the next send returns. */
  outcome: SendOutcome = { kind: 'sent', activityId: 'activity-1' };

  async send(user: ReachableUser, markdown: string): Promise<SendOutcome> {
    this.sent.push({ user, markdown });
    return this.outcome;
  }
}

/** Answers with recognisable text and a link that expires a day after the clock's now. */
export class RecordingReports implements ReportReplies {
  readonly reported: { campaignId: string; botChannelId: string }[] = [];

  constructor(private readonly clock: ManualClock) {}

  async reportActivity(campaign: Campaign, botChannelId: string): Promise<ChatMessage> {
    this.reported.push({ campaignId: campaign.id, botChannelId });
    return textMessage(`Report of ${campaign.name}`);
  }

  exportLink(campaign: Campaign): string {
    const exp = this.clock.now().plus({ hours: 24 }).toMillis();
    return `https://bot.example.com/export/${campaign.id}.csv?exp=${exp}&sig=test-signature`;
  }
}

export interface Doubles {
  clock: ManualClock;
  jobs: RecordingJobs;
  sender: RecordingSender;
  reports: RecordingReports;
}

export function makeDoubles(): Doubles {
  const clock = new ManualClock(DateTime.fromISO('2025-01-03T10:00:00Z'));
  return {
    clock,
    jobs: new RecordingJobs(),
    sender: new RecordingSender(),
    reports: new RecordingReports(clock),
  };
}

export interface ChatOptions {
  /** Bot Framework channel id of the admin's conversation. */
  botChannelId?: string;
  tenantId?: string;
  doubles?: Doubles;
  directory?: GraphDirectory;
}

/** One admin's 1:1 conversation with the bot. */
export class Chat {
  readonly doubles: Doubles;
  readonly deps: DialogDeps;
  private readonly adapter: TestAdapter;

  constructor(
    readonly store: Store,
    options: ChatOptions = {},
  ) {
    this.doubles = options.doubles ?? makeDoubles();
    const settings = { defaultTimeZone: 'Europe/Paris', presenceConfigured: true };
    this.deps = {
      ...createChatServices({ ...store, ...this.doubles, logger: silentLogger, ...settings }),
      ...settings,
      clock: this.doubles.clock,
      reports: this.doubles.reports,
      directory: options.directory,
    };
    const conversationState = new ConversationState(store.botStorage);
    const dialogState = conversationState.createProperty<DialogState>('dialogState');
    const dialog = new MainDialog(this.deps);
    const botChannelId = options.botChannelId ?? 'msteams';
    this.adapter = new TestAdapter(
      async (context) => {
        await dialog.run(context, dialogState);
        await conversationState.saveChanges(context);
      },
      {
        channelId: botChannelId,
        from: { id: '29:admin', name: 'Ada Admin' },
        recipient: { id: '28:bot', name: 'Campaign Bot' },
        conversation: {
          id: `${botChannelId}-conversation-admin`,
          tenantId: options.tenantId ?? TENANT,
          isGroup: false,
          conversationType: 'personal',
          name: '',
        },
      },
    );
  }

  /** Sends one message (text, or a card submit) and returns every reply of that turn. */
  async say(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> =
      typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', ...input };
    this.adapter.activityBuffer.splice(0);
    await this.adapter.receiveActivity(activity);
    return this.adapter.activityBuffer.splice(0);
  }

  /** The text of every reply of the turn, joined — for replies that are plain messages. */
  async sayText(input: string | Partial<Activity>): Promise<string> {
    return textOf(await this.say(input));
  }
}

export function textOf(replies: Partial<Activity>[]): string {
  return replies.map((r) => r.text ?? '').join('\n');
}

export interface CardContent {
  texts: string[];
  facts: Record<string, string>;
  actions: { title: string; data: unknown }[];
}

/** The one Adaptive Card of `replies`, flattened to what a reader sees and can press. */
export function cardOf(replies: Partial<Activity>[]): CardContent {
  const attachments = replies.flatMap((r) => r.attachments ?? []);
  if (attachments.length !== 1) {
    throw new Error(`expected one card, got ${attachments.length} attachments`);
  }
  const attachment = attachments[0]!;
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected an Adaptive Card, got ${attachment.contentType}`);
  }
  const content: CardContent = { texts: [], facts: {}, actions: [] };
  collect(attachment.content, content);
  return content;
}

/** Cards with repeated sections (one per campaign): each Container's own content. */
export function sectionsOf(replies: Partial<Activity>[]): CardContent[] {
  const card = replies.flatMap((r) => r.attachments ?? [])[0]?.content as {
    body: { type: string }[];
  };
  return card.body
    .filter((element) => element.type === 'Container')
    .map((container) => {
      const content: CardContent = { texts: [], facts: {}, actions: [] };
      collect(container, content);
      return content;
    });
}

function collect(node: unknown, into: CardContent): void {
  if (Array.isArray(node)) {
    node.forEach((child) => collect(child, into));
    return;
  }
  if (typeof node !== 'object' || node === null) {
    return;
  }
  const element = node as Record<string, unknown>;
  if (element.type === 'TextBlock' && typeof element.text === 'string') {
    into.texts.push(element.text);
  }
  if (element.type === 'FactSet') {
    for (const fact of element.facts as { title: string; value: string }[]) {
      into.facts[fact.title] = fact.value;
    }
  }
  if (element.type === 'Action.Submit') {
    into.actions.push({ title: element.title as string, data: element.data });
    return;
  }
  for (const [key, value] of Object.entries(element)) {
    if (key !== 'facts') {
      collect(value, into);
    }
  }
}
