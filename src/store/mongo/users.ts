import type { Filter } from 'mongodb';
import type { ReachableUser } from '../../domain/recipients.js';
import type { UserStore } from '../Store.js';
import type { Collections, UserDoc } from './collections.js';

function toUser(doc: UserDoc): ReachableUser {
  const { _id, ...fields } = doc;
  return { id: _id, ...fields };
}

export class MongoUsers implements UserStore {
  constructor(private readonly c: Collections) {}

  /** Optional fields left undefined keep the stored value; firstSeenAt is only set on insert. */
  async upsert(user: ReachableUser): Promise<boolean> {
    const refreshed: Partial<UserDoc> = {
      tenantId: user.tenantId,
      channel: user.channel,
      botChannelId: user.botChannelId,
      conversationReference: user.conversationReference,
    };
    if (user.aadObjectId !== undefined) refreshed.aadObjectId = user.aadObjectId;
    if (user.email !== undefined) refreshed.email = user.email.toLowerCase();
    if (user.name !== undefined) refreshed.name = user.name;
    if (user.givenName !== undefined) refreshed.givenName = user.givenName;
    if (user.surname !== undefined) refreshed.surname = user.surname;
    const result = await this.c.users.updateOne(
      { _id: user.id },
      {
        $set: refreshed,
        $setOnInsert: { firstSeenAt: user.firstSeenAt },
        $max: { lastSeenAt: user.lastSeenAt },
      },
      { upsert: true },
    );
    return result.upsertedCount === 1;
  }

  async get(id: string): Promise<ReachableUser | null> {
    const doc = await this.c.users.findOne({ _id: id });
    return doc ? toUser(doc) : null;
  }

  async getMany(ids: string[]): Promise<Map<string, ReachableUser>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const docs = await this.c.users.find({ _id: { $in: wanted } }).toArray();
    return new Map(docs.map((doc) => [doc._id, toUser(doc)]));
  }

  /** When several accounts share an address, the one seen most recently wins. */
  async findByEmail(
    email: string,
    channel: ReachableUser['channel'],
  ): Promise<ReachableUser | null> {
    const [doc] = await this.c.users
      .find({ channel, email: email.toLowerCase() })
      .sort({ lastSeenAt: -1, _id: -1 })
      .limit(1)
      .toArray();
    return doc ? toUser(doc) : null;
  }

  async findByEmails(
    emails: string[],
    channel: ReachableUser['channel'],
  ): Promise<Map<string, ReachableUser>> {
    const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
    const found = new Map<string, ReachableUser>();
    if (wanted.length === 0) return found;
    // Ascending, so the most recently seen account overwrites older ones in the map.
    const docs = await this.c.users
      .find({ channel, email: { $in: wanted } })
      .sort({ lastSeenAt: 1, _id: 1 })
      .toArray();
    for (const doc of docs) found.set(doc.email as string, toUser(doc));
    return found;
  }

  async list(
    tenantId: string,
    channel: ReachableUser['channel'] | undefined,
    page: { afterId?: string; limit: number },
  ): Promise<ReachableUser[]> {
    if (page.limit <= 0) return []; // Mongo reads limit 0 as "no limit"
    const filter: Filter<UserDoc> = { tenantId };
    if (channel !== undefined) filter.channel = channel;
    if (page.afterId !== undefined) filter._id = { $gt: page.afterId };
    const docs = await this.c.users.find(filter).sort({ _id: 1 }).limit(page.limit).toArray();
    return docs.map(toUser);
  }

  async setIdentity(
    id: string,
    identity: { email: string | null; tenantId: string },
  ): Promise<boolean> {
    const { email, tenantId } = identity;
    const update =
      email === null
        ? { $set: { tenantId }, $unset: { email: '' as const } }
        : { $set: { tenantId, email: email.toLowerCase() } };
    const result = await this.c.users.updateOne({ _id: id }, update);
    return result.matchedCount === 1;
  }

  async count(tenantId: string): Promise<number> {
    return this.c.users.countDocuments({ tenantId });
  }
}
