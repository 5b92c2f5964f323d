import type { Filter } from 'mongodb';
import { aadObjectIdOfInstalled, installedUserId } from '../../domain/directory.js';
import type { ReachableUser, UserAddress } from '../../domain/recipients.js';
import type { UserStore } from '../../application/ports/repositories.js';
import type { Collections, UserDoc } from './collections.js';

function toUser(doc: UserDoc): ReachableUser {
  const { _id, ...fields } = doc;
  return { id: _id, ...fields };
}

export class MongoUsers implements UserStore {
  constructor(private readonly c: Collections) {}

  /**
   * Optional fields left undefined keep the stored value; firstSeenAt is only set on insert.
   * No multi-document transaction (a standalone server has none), so a person's two records
   * are reconciled by each writer after its own write: whichever of two racing calls writes
   * last sees the other's record and removes the installed one.
   */
  async upsert(user: ReachableUser): Promise<boolean> {
    const aad = user.channel === 'teams' ? user.aadObjectId?.toLowerCase() : undefined;
    if (aad === undefined) return this.write(user);
    const installedId = installedUserId(aad);
    if (user.id === installedId) {
      if (await this.teamsIdUser(aad)) return false;
      const created = await this.write(user);
      if (!(await this.teamsIdUser(aad))) return created;
      await this.c.users.deleteOne({ _id: installedId });
      return false;
    }
    const created = await this.write(user);
    const installed = await this.c.users.findOneAndDelete({ _id: installedId });
    if (installed) {
      await this.c.users.updateOne(
        { _id: user.id },
        { $min: { firstSeenAt: installed.firstSeenAt } },
      );
    }
    return created;
  }

  /** The record under the person's Teams id, when they wrote to the bot. */
  private async teamsIdUser(aad: string): Promise<UserDoc | null> {
    const [doc] = await this.c.users
      .find({ channel: 'teams', aadObjectId: aad, _id: { $ne: installedUserId(aad) } })
      .sort({ lastSeenAt: -1, _id: -1 })
      .limit(1)
      .toArray();
    return doc ?? null;
  }

  private async write(user: ReachableUser): Promise<boolean> {
    const refreshed: Partial<UserDoc> = {
      tenantId: user.tenantId,
      channel: user.channel,
      botChannelId: user.botChannelId,
      conversationReference: user.conversationReference,
    };
    if (user.aadObjectId !== undefined) refreshed.aadObjectId = user.aadObjectId.toLowerCase();
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
    if (doc) return toUser(doc);
    const aad = aadObjectIdOfInstalled(id);
    const absorbedBy = aad === undefined ? null : await this.teamsIdUser(aad);
    return absorbedBy ? toUser(absorbedBy) : null;
  }

  async getMany(ids: string[]): Promise<Map<string, ReachableUser>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const docs = await this.c.users.find({ _id: { $in: wanted } }).toArray();
    const found = new Map(docs.map((doc) => [doc._id, toUser(doc)]));
    for (const id of wanted) {
      if (found.has(id) || aadObjectIdOfInstalled(id) === undefined) continue;
      const absorbedBy = await this.get(id);
      if (absorbedBy) found.set(id, absorbedBy);
    }
    return found;
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

  async listAddresses(
    tenantId: string,
    channel: ReachableUser['channel'],
    page: { afterId?: string; limit: number },
  ): Promise<UserAddress[]> {
    if (page.limit <= 0) return []; // Mongo reads limit 0 as "no limit"
    const filter: Filter<UserDoc> = { tenantId, channel };
    if (page.afterId !== undefined) filter._id = { $gt: page.afterId };
    const docs = await this.c.users
      .find(filter, { projection: { email: 1 } })
      .sort({ _id: 1 })
      .limit(page.limit)
      .toArray();
    return docs.map(({ _id, email }) => (email === undefined ? { id: _id } : { id: _id, email }));
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
