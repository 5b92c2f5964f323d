/**
 * `link skype`, `link <code>`, `unlink` and `whoami` (SPEC.md: Who uses it). They are answered
 * before the admin gate: a Skype account becomes an admin precisely by saying `link <code>`.
 */
import type { TurnContext } from 'botbuilder';
import type { Clock } from '../application/ports/Clock.js';
import type { Logger } from '../logger.js';
import { emailOfSipId, isAdmin, type AdminDirectory } from '../domain/admins.js';
import {
  PAIRING_ACCOUNT_LOCK_MS,
  PAIRING_CODE_VALID_MS,
  PAIRING_MAX_WRONG_PER_ACCOUNT,
  normalizePairingCode,
} from '../domain/pairing.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { SkypePairing } from '../identity/SkypePairing.js';
import { tenantIdOf } from './identity.js';

export type IdentityCommand =
  | { kind: 'linkSkype' }
  | { kind: 'linkCode'; code: string }
  | { kind: 'unlink' }
  | { kind: 'whoami' };

/** The identity command of a typed message, or null (card submits never are one). */
export function parseIdentityCommand(text: string | undefined): IdentityCommand | null {
  const said = (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  if (said === 'link skype') return { kind: 'linkSkype' };
  if (said === 'unlink') return { kind: 'unlink' };
  if (/^who ?am ?i\??$/.test(said)) return { kind: 'whoami' };
  // Only digits: "Link to the intranet…" typed as a campaign message must reach the form.
  const code = /^link ([\d -]+)$/.exec(said)?.[1];
  return code === undefined ? null : { kind: 'linkCode', code };
}

export interface IdentityCommandsDeps {
  pairing: SkypePairing;
  admins: AdminDirectory;
  clock: Clock;
  logger: Logger;
}

const VALID_MINUTES = PAIRING_CODE_VALID_MS / 60_000;

export class IdentityCommands {
  constructor(private readonly deps: IdentityCommandsDeps) {}

  /** Answers the message if it is an identity command; returns whether it was one. */
  async answer(context: TurnContext, user: ReachableUser): Promise<boolean> {
    if (context.activity.value !== undefined) return false;
    const command = parseIdentityCommand(context.activity.text);
    if (command === null) return false;
    await context.sendActivity(await this.reply(context, command, user));
    return true;
  }

  private async reply(
    context: TurnContext,
    command: IdentityCommand,
    user: ReachableUser,
  ): Promise<string> {
    switch (command.kind) {
      case 'whoami':
        return this.whoami(user);
      case 'linkSkype':
        return this.linkSkype(user);
      case 'linkCode':
        return this.linkCode(user, command.code);
      case 'unlink':
        return this.unlink(context, user);
    }
  }

  private whoami(user: ReachableUser): string {
    const admin = isAdmin(user, this.deps.admins)
      ? 'You are an admin: write `help` to see what you can do.'
      : 'You are not an admin.';
    const email =
      user.email === undefined
        ? 'I know no e-mail address for you.'
        : `Your e-mail address is ${user.email} (${this.emailSource(user)}).`;
    return `You are ${user.name ?? 'someone without a display name'} on ${channelName(user)}, id \`${user.id}\`. ${email} ${admin}`;
  }

  private emailSource(user: ReachableUser): string {
    if (user.channel === 'teams') return 'from your organisation’s directory';
    if (emailOfSipId(idOnChannel(user)) !== undefined)
      return 'from your Skype for Business address';
    return 'linked with `link`; `unlink` forgets it';
  }

  private async linkSkype(user: ReachableUser): Promise<string> {
    if (user.channel === 'skype') {
      return 'Ask for the code in Teams: write `link skype` to me there, then `link` followed by the code here.';
    }
    if (!isAdmin(user, this.deps.admins) || user.email === undefined) {
      return 'Only admins known by their e-mail address can link a Skype account.';
    }
    const { code } = await this.deps.pairing.issue(
      { email: user.email, tenantId: user.tenantId },
      this.now(),
    );
    this.deps.logger.info({ userId: user.id }, 'pairing code issued');
    return `Your code is **${code}**. Within ${VALID_MINUTES} minutes, write \`link ${code}\` to me on Skype: that Skype account then acts as ${user.email}. The code works once; asking again replaces it.`;
  }

  private async linkCode(user: ReachableUser, typed: string): Promise<string> {
    if (user.channel !== 'skype') {
      return 'Write `link` followed by the code on Skype. Here in Teams, `link skype` gives you a code.';
    }
    if (emailOfSipId(idOnChannel(user)) !== undefined) {
      return `Your Skype for Business address already tells me you are ${user.email}: there is nothing to link.`;
    }
    const code = normalizePairingCode(typed);
    if (code === null) {
      return 'A code has six digits, like `link 123456`. Get one by writing `link skype` to me in Teams.';
    }
    const now = this.now();
    const outcome = await this.deps.pairing.redeem(user.id, code, now);
    this.deps.logger.info({ userId: user.id, outcome: outcome.kind }, 'pairing code redeemed');
    switch (outcome.kind) {
      case 'linked': {
        const role = isAdmin({ ...user, email: outcome.email }, this.deps.admins)
          ? 'You are an admin here too: write `help` to start.'
          : 'That address is not an admin, so this account is not one either.';
        return `Linked: this Skype account is now ${outcome.email}. ${role} Write \`unlink\` to undo it.`;
      }
      case 'codeLocked':
        return 'That code is locked: it had too many wrong tries on Skype. Ask for a new one with `link skype` in Teams.';
      case 'wrong':
        return `That code is wrong, used or expired. ${wrongCodesLeft(outcome.wrongCodesLeft)}`;
      case 'accountLocked':
        return `Too many wrong codes from this Skype account: try again in ${minutesUntil(outcome.until, now)}, with a new code from \`link skype\` in Teams if yours has expired by then.`;
    }
  }

  private async unlink(context: TurnContext, user: ReachableUser): Promise<string> {
    if (user.channel !== 'skype' || emailOfSipId(idOnChannel(user)) !== undefined) {
      return 'Your e-mail address comes from your account itself: there is no link to undo.';
    }
    if (user.email === undefined) return 'This Skype account is not linked to any e-mail address.';
    await this.deps.pairing.unlink(user.id, tenantIdOf(context.activity));
    this.deps.logger.info({ userId: user.id }, 'skype account unlinked');
    return `Unlinked: this Skype account is no longer ${user.email}.`;
  }

  private now(): number {
    return this.deps.clock.now().toMillis();
  }
}

/** What the account may still do after a wrong code. */
function wrongCodesLeft(left: number): string {
  if (left <= 0) {
    return `This Skype account has now said ${PAIRING_MAX_WRONG_PER_ACCOUNT} wrong codes: try again in ${PAIRING_ACCOUNT_LOCK_MS / 60_000} minutes, with a new code from \`link skype\` in Teams if yours has expired by then.`;
  }
  const codes = left === 1 ? 'one more wrong code' : `${left} more wrong codes`;
  return `Check it, or ask for a new one with \`link skype\` in Teams. After ${codes}, this Skype account must wait ${PAIRING_ACCOUNT_LOCK_MS / 60_000} minutes.`;
}

/** "3 minutes" (rounded up: the account may not try before). */
function minutesUntil(until: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function channelName(user: ReachableUser): string {
  return user.channel === 'skype' ? 'Skype' : 'Teams';
}

/** The channel's own user id (ReachableUser ids are `botChannelId:channelUserId`). */
function idOnChannel(user: ReachableUser): string {
  return user.id.slice(user.botChannelId.length + 1);
}
