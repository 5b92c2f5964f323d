/** A user in their 1:1 Skype chat with the bot, posting activities as the Skype channel does. */
import type { Activity } from 'botbuilder';
import { BOT, SERVICE_URL } from '../bot/botServerHarness.js';
import type { E2eApp } from './appHarness.js';
import type { PostedActivity, StandInConnector } from '../support/standInConnector.js';

export class SkypeUser {
  /** Messages this user sent (each one is a turn of theirs). */
  turns = 0;
  private sequence = 0;

  constructor(
    private readonly e2e: E2eApp,
    private readonly connector: StandInConnector,
    /** Skype's id of the user: `live:ada`, `29:1abc…`, or a SIP URI on Skype for Business. */
    readonly id: string,
    readonly name: string,
  ) {}

  /** Skype names the 1:1 conversation after the user. */
  get conversationId(): string {
    return `skype-chat-${this.id}`;
  }

  /** The user adds the bot as a contact: the chat is created with the bot in it. */
  async addBot(): Promise<string[]> {
    const posted = await this.send({ type: 'conversationUpdate', membersAdded: [BOT] });
    return posted.map((p) => p.activity.text ?? '');
  }

  /** A typed message; returns the texts the bot posted in this chat during the turn. */
  async say(text: string): Promise<string[]> {
    this.turns += 1;
    const posted = await this.send({ type: 'message', text });
    return posted
      .filter((p) => p.conversationId === this.conversationId)
      .map((p) => p.activity.text ?? '');
  }

  /** Everything the bot posted while it handled `overrides`, in any conversation. */
  async send(overrides: Partial<Activity>): Promise<PostedActivity[]> {
    const before = this.connector.posted.length;
    this.sequence += 1;
    const res = await this.e2e.post({
      id: `${this.id}-activity-${this.sequence}`,
      channelId: 'skype',
      serviceUrl: SERVICE_URL,
      from: { id: this.id, name: this.name },
      recipient: BOT,
      conversation: { id: this.conversationId } as Activity['conversation'],
      ...overrides,
    });
    if (res.status >= 300) {
      throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
    }
    return this.connector.posted.slice(before);
  }
}
