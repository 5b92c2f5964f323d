/**
 * Remembers everyone who installed or talked to the bot, with the conversation reference a
 * proactive message needs (SPEC: "User lists — every user the bot can reach").
 */
import { TeamsInfo, TurnContext, type Activity, type TeamsChannelAccount } from 'botbuilder';
import type { Clock } from '../application/ports/Clock.js';
import type { Logger } from '../logger.js';
import { emailOfSipId } from '../domain/admins.js';
import { namesFromDisplayName, type PersonNames } from '../domain/person.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { UserStore } from '../application/ports/repositories.js';
import { DEFAULT_TENANT_ID, channelOf, channelTenantIdOf, userIdOf } from './identity.js';

/** Profile fields only the Teams roster knows (the activity carries id, name and AAD id). */
type MemberProfile = Pick<
  TeamsChannelAccount,
  'aadObjectId' | 'email' | 'userPrincipalName' | 'givenName' | 'surname' | 'name'
>;

export interface ReachableUserRecorderDeps {
  users: Pick<UserStore, 'upsert' | 'get'>;
  clock: Clock;
  logger: Logger;
}

/** A recorded sender; `firstContact` is true for the one turn that first recorded them. */
export interface RecordedUser {
  user: ReachableUser;
  firstContact: boolean;
}

export class ReachableUserRecorder {
  constructor(private readonly deps: ReachableUserRecorderDeps) {}

  /**
   * Stores the sender of the activity as reachable (idempotent) and returns what is now known
   * about them. Returns null — and stores nothing — outside a 1:1 chat: a proactive message
   * sent on a group conversation reference would land in front of the whole group.
   */
  async record(context: TurnContext): Promise<ReachableUser | null> {
    return (await this.recordContact(context))?.user ?? null;
  }

  /** `record`, telling also whether this turn is the user's first contact with the bot. */
  async recordContact(context: TurnContext): Promise<RecordedUser | null> {
    const activity = context.activity;
    if (!isOneToOne(activity) || activity.from.id === activity.recipient?.id) return null;

    const id = userIdOf(activity);
    const stored = await this.deps.users.get(id);
    // The roster is a network call: ask it once per user, and again whenever they (re)install.
    const needsProfile = stored?.email === undefined || activity.type !== 'message';
    const profile = needsProfile ? await this.profileOrNothing(context, id) : undefined;

    const now = this.deps.clock.now().toMillis();
    const user: ReachableUser = {
      id,
      // Skype names no tenant: a linked account keeps the one of the admin who linked it.
      tenantId: channelTenantIdOf(activity) ?? stored?.tenantId ?? DEFAULT_TENANT_ID,
      channel: channelOf(activity.channelId),
      botChannelId: activity.channelId,
      aadObjectId: activity.from.aadObjectId ?? profile?.aadObjectId,
      // Guests may have no e-mail on the roster; their UPN is then the address they sign in with.
      // Skype for Business ids are SIP addresses; other Skype ids keep what `link` stored.
      email:
        (profile?.email ?? profile?.userPrincipalName)?.toLowerCase() ??
        emailOfSipId(activity.from.id),
      name: activity.from.name || profile?.name,
      ...namesOf(activity, profile),
      conversationReference: { ...TurnContext.getConversationReference(activity) },
      firstSeenAt: now,
      lastSeenAt: now,
    };
    const firstContact = await this.deps.users.upsert(user);
    this.deps.logger.debug({ userId: id, channel: user.channel }, 'reachable user recorded');
    return { user: (await this.deps.users.get(id)) ?? user, firstContact };
  }

  private async profileOrNothing(
    context: TurnContext,
    userId: string,
  ): Promise<MemberProfile | undefined> {
    try {
      return await teamsRosterProfile(context);
    } catch (error) {
      // Recording the user matters more than their profile: keep what the activity gave us.
      this.deps.logger.warn({ err: error, userId }, 'member profile lookup failed');
      return undefined;
    }
  }
}

/**
 * Teams' roster gives given name and surname; Skype gives only a display name, which they are
 * read from so that `{{firstName}}` and `{{lastName}}` are filled for Skype users too.
 */
function namesOf(activity: Activity, profile: MemberProfile | undefined): PersonNames {
  if (channelOf(activity.channelId) === 'skype') return namesFromDisplayName(activity.from.name);
  return { givenName: profile?.givenName, surname: profile?.surname };
}

/** A personal chat (Teams), or a non-group conversation on channels without that notion. */
function isOneToOne(activity: Partial<Activity>): boolean {
  const conversation = activity.conversation;
  if (conversation?.isGroup) return false;
  const type = conversation?.conversationType;
  return type === undefined || type === 'personal';
}

/** Teams' roster (Bot Connector `GET …/members/{id}`) knows e-mail and names; other channels don't. */
async function teamsRosterProfile(context: TurnContext): Promise<MemberProfile | undefined> {
  if (context.activity.channelId !== 'msteams') return undefined;
  return TeamsInfo.getMember(context, context.activity.from.id);
}
