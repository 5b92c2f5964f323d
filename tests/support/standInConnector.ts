/**
 * The one stand-in Bot Connector of the tests and the benchmark. It answers what the bot asks
 * of the real one — the Teams roster (`GET …/members/{id}`, from `members`), opening a 1:1
 * chat (`POST …/v3/conversations`, as for a user the app was installed for: `a:chat-<member
 * id>`), posting activities (`POST …/activities[/{replyToId}]`), updating one in place
 * (`PUT …/activities/{id}`) and deleting one (`DELETE …/activities/{id}`) — and records each
 * request.
 *
 * Two ways to reach it, same answers: `intercept(origin)` fakes that origin with nock in this
 * process; `listen()` serves it on 127.0.0.1 for senders in other processes, which nock cannot
 * reach (`GET /stats`, `GET /arrivals` and `GET /edits` then tell another process what arrived).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Activity } from 'botbuilder';
import nock from 'nock';

/** A Teams roster entry. */
export interface Member {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
}

export interface PostedActivity {
  conversationId: string;
  /** Set when the post answers an incoming activity (`…/activities/{replyToId}`). */
  replyToId: string | undefined;
  /** The whole body, as the channel would receive it (empty when bodies are not kept). */
  activity: Partial<Activity>;
  /** The request's Authorization header: the bot's token, or none in local mode. */
  authorization: string | undefined;
  /** Arrival, epoch ms on this machine's clock. */
  at: number;
}

/** An arrival as another process reads it from `GET /arrivals`. */
export interface ReceivedActivity {
  conversationId: string;
  /** The conversation's tenant, as the activity names it. */
  tenantId: string | undefined;
  text: string;
  /** Arrival, epoch ms on this machine's clock. */
  at: number;
}

/** An activity updated in place (`PUT …/activities/{id}`). */
export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  /** The whole new body. */
  activity: Partial<Activity>;
}

export interface StandInConnectorOptions {
  /** Every roster lookup fails with this status (e.g. 403, 500). */
  rosterStatus?: number;
  /** Called on each posted activity before it is answered; a promise holds the answer back. */
  onActivity?: (activity: ReceivedActivity, index: number) => Promise<void> | void;
  /** Keep the bodies (texts and cards); off for the benchmark, which only counts. */
  keepBodies?: boolean;
  /** Served (`listen()`): a DELETE is recorded on arrival and answered this much later. */
  deleteAnswerDelayMs?: number;
  /** Conversations gone: a DELETE or PUT of their activities is answered 404 ConversationNotFound. */
  goneConversations?: string[];
}

/** A DELETE or PUT of a sent activity, as it arrived. */
export interface EditedActivity {
  method: 'DELETE' | 'PUT';
  conversationId: string;
  activityId: string;
  /** A PUT's new activity. */
  activity?: Partial<Activity>;
  /** The answer's status. */
  status: number;
  at: number;
}

type Answer = [status: number, body: nock.ReplyBody];

const ACTIVITIES = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const MEMBER = /\/v3\/conversations\/[^/]+\/members\/([^/]+)$/;
const CONVERSATIONS = /\/v3\/conversations\/?$/;

export class StandInConnector {
  /** Everyone the roster knows; tests add members as users appear. */
  readonly members: Member[];
  readonly posted: PostedActivity[] = [];
  readonly updated: UpdatedActivity[] = [];
  /** What an update in place is answered with; anything but 200 refuses it (not in `updated`). */
  updateStatus = 200;
  /** Every DELETE and PUT of an activity, answered or refused, in arrival order. */
  readonly edited: EditedActivity[] = [];
  /** User ids whose roster entry the bot asked for, in order. */
  readonly rosterLookups: string[] = [];
  /** 1:1 chats the bot opened: with whom, in which tenant, and the conversation id given. */
  readonly opened: Array<{ memberId: string; tenantId: string; conversationId: string }> = [];
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    members: Member[] = [],
    private readonly options: StandInConnectorOptions = {},
  ) {
    this.members = [...members];
  }

  /** Posted activities in the shape a reply is checked by: conversation, text, token. */
  get replies(): Array<{ conversationId: string; text?: string; authorization?: string }> {
    return this.posted.map((p) => ({
      conversationId: p.conversationId,
      text: p.activity.text,
      authorization: p.authorization,
    }));
  }

  get received(): ReceivedActivity[] {
    return this.posted.map((p) => ({
      conversationId: p.conversationId,
      tenantId: p.activity.conversation?.tenantId,
      text: p.activity.text ?? '',
      at: p.at,
    }));
  }

  /** Fakes `origin` (e.g. https://smba.example.test) with nock, in this process. */
  intercept(origin: string): this {
    const path = (uri: string) => decodeURIComponent(uri);
    const post = (uri: string, body: unknown, authorization: string | undefined) =>
      this.post(path(uri), body, authorization);
    nock(origin)
      .persist()
      .get((uri) => MEMBER.test(path(uri)))
      .reply((uri) => this.rosterEntry(path(uri)))
      .post((uri) => CONVERSATIONS.test(path(uri)))
      .reply((_uri, body) => this.openChat(body))
      .put((uri) => ACTIVITIES.test(path(uri)))
      .reply((uri, body) => this.update(path(uri), body))
      .post((uri) => ACTIVITIES.test(path(uri)))
      .reply(function (uri, body, callback) {
        const authorization = this.req.headers.authorization as string | undefined;
        post(uri, body, authorization).then(
          (answer) => callback(null, answer),
          (error: Error) => callback(error, [500, {}]),
        );
      })
      .delete((uri) => ACTIVITIES.test(path(uri)))
      .reply((uri) => this.delete(path(uri)));
    return this;
  }

  /** Serves on 127.0.0.1 (port 0), for senders in other processes; resolves with the port. */
  async listen(): Promise<number> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** The serviceUrl a stored conversation reference points at, for `listen()`. */
  serviceUrl(port: number): string {
    return `http://127.0.0.1:${port}/`;
  }

  /** How many activities each conversation received. */
  countsByConversation(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const a of this.posted)
      counts.set(a.conversationId, (counts.get(a.conversationId) ?? 0) + 1);
    return counts;
  }

  stats(): { received: number; conversations: number } {
    return { received: this.posted.length, conversations: this.countsByConversation().size };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private rosterEntry(path: string): Answer {
    const userId = MEMBER.exec(path)![1]!;
    this.rosterLookups.push(userId);
    if (this.options.rosterStatus) {
      return [this.options.rosterStatus, { error: { code: 'ServiceError' } }];
    }
    const member = this.members.find((m) => m.id === userId);
    return member
      ? [200, member]
      : [404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } }];
  }

  private openChat(body: unknown): Answer {
    const request = body as { members: Array<{ id: string }>; tenantId: string };
    const memberId = request.members[0]!.id;
    const conversationId = `a:chat-${memberId}`;
    this.opened.push({ memberId, tenantId: request.tenantId, conversationId });
    return [201, { id: conversationId }];
  }

  private update(path: string, body: unknown): Answer {
    const [, conversationId, activityId] = ACTIVITIES.exec(path)!;
    if (activityId === undefined) return [400, { error: { code: 'BadArgument' } }];
    const refused =
      this.gone(conversationId!) ??
      splitInTwo(body) ??
      (this.updateStatus === 200
        ? undefined
        : ([this.updateStatus, { error: { code: 'Forbidden' } }] as Answer));
    this.record('PUT', conversationId!, activityId, refused?.[0] ?? 200, body);
    if (refused) return refused;
    this.updated.push({
      conversationId: conversationId!,
      activityId,
      activity: body as Partial<Activity>,
    });
    return [200, { id: activityId }];
  }

  private async post(
    path: string,
    body: unknown,
    authorization: string | undefined,
  ): Promise<Answer> {
    const [, conversationId, replyToId] = ACTIVITIES.exec(path)!;
    const activity = body as Partial<Activity>;
    const posted: PostedActivity = {
      conversationId: conversationId!,
      replyToId,
      activity:
        this.options.keepBodies === false ? { conversation: activity.conversation } : activity,
      authorization,
      at: Date.now(),
    };
    const index = this.posted.push(posted) - 1;
    await this.options.onActivity?.(
      {
        conversationId: posted.conversationId,
        tenantId: activity.conversation?.tenantId,
        text: posted.activity.text ?? '',
        at: posted.at,
      },
      index,
    );
    return [201, { id: `activity-${index}` }];
  }

  private delete(path: string): Answer {
    const [, conversationId, activityId] = ACTIVITIES.exec(path)!;
    if (activityId === undefined) return [400, { error: { code: 'BadArgument' } }];
    const refused = this.gone(conversationId!);
    this.record('DELETE', conversationId!, activityId, refused?.[0] ?? 200);
    return refused ?? [200, {}];
  }

  /** A conversation the options say is gone: Teams answers 404 ConversationNotFound. */
  private gone(conversationId: string): Answer | undefined {
    return this.options.goneConversations?.includes(conversationId)
      ? [404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } }]
      : undefined;
  }

  private record(
    method: EditedActivity['method'],
    conversationId: string,
    activityId: string,
    status: number,
    body?: unknown,
  ): void {
    this.edited.push({
      method,
      conversationId,
      activityId,
      ...(method === 'PUT' ? { activity: body as Partial<Activity> } : {}),
      status,
      at: Date.now(),
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void this.answer(req, Buffer.concat(chunks).toString('utf8')).then(([status, body]) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
  }

  private async answer(req: http.IncomingMessage, text: string): Promise<Answer> {
    const path = decodeURIComponent(req.url ?? '');
    if (req.method === 'GET' && path === '/stats') return [200, this.stats()];
    if (req.method === 'GET' && path === '/arrivals') return [200, this.received];
    if (req.method === 'GET' && path === '/edits') return [200, this.edited];
    if (req.method === 'GET' && MEMBER.test(path)) return this.rosterEntry(path);
    const body: unknown = text ? JSON.parse(text) : {};
    if (req.method === 'POST' && CONVERSATIONS.test(path)) return this.openChat(body);
    if (req.method === 'PUT' && ACTIVITIES.test(path)) return this.update(path, body);
    if (req.method === 'POST' && ACTIVITIES.test(path)) {
      return this.post(path, body, req.headers.authorization);
    }
    if (req.method === 'DELETE' && ACTIVITIES.test(path)) {
      const answer = this.delete(path);
      await new Promise((resolve) => setTimeout(resolve, this.options.deleteAnswerDelayMs ?? 0));
      return answer;
    }
    return [404, {}];
  }
}

/** The stand-in at `origin`, through nock, knowing `members`. */
export function standInConnectorAt(
  origin: string,
  members: Member[] = [],
  options: StandInConnectorOptions = {},
): StandInConnector {
  return new StandInConnector(members, options).intercept(origin);
}

/**
 * Teams shows a text with attachments as two messages, and refuses to replace such an activity
 * in place; so does the Agents Playground.
 */
function splitInTwo(body: unknown): Answer | undefined {
  const activity = body as Partial<Activity>;
  return activity.text && (activity.attachments?.length ?? 0) > 0
    ? [
        400,
        {
          error: { code: 'BadSyntax', message: 'Activity resulted into multiple skype activities' },
        },
      ]
    : undefined;
}
