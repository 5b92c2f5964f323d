/**
 * What the campaign form tells an admin of the directory's answers. When Graph would not
 * answer: that the directory cannot be reached now (an outage, try again), or why not when it
 * is configuration (credentials or a permission refused) — never that no group matched.
 */
import type { DirectoryAudience } from '../domain/directory.js';
import {
  ATTRIBUTE_LABELS,
  ruleSentence,
  type AttributeRule,
  type AttributeValue,
} from '../domain/directoryAttributes.js';

const CREDENTIALS =
  "Microsoft Graph refused the bot's credentials: an administrator must check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (an expired client secret is the usual cause).";

/**
 * How the permission is granted: in the app registration of the tenant Graph's credentials
 * belong to; for a multi-tenant app, by the admin's own Entra admin consenting again at
 * `consentUrl` (admin consent grants every permission the app asks for now).
 */
function permissionText(permission: string, consentUrl?: string): string {
  if (consentUrl !== undefined) {
    return `An Entra admin of your organisation grants it by giving the bot's app admin consent again, here: ${consentUrl}`;
  }
  return `A tenant admin grants it in the Entra admin center → App registrations → the bot's Graph app → API permissions → Add ${permission} (Application) → Grant admin consent.`;
}

/** Said when a search found nothing; empty when it found groups. */
export function noGroupText(search: string, groups: readonly unknown[]): string {
  return groups.length === 0 ? `No group's name contains “${search}”.` : '';
}

/**
 * The group search failed with Graph's `status` (0: no answer). `consentUrl`: the admin's
 * tenant's admin-consent link, for a multi-tenant Graph app.
 */
export function searchUnavailableText(status: number, consentUrl?: string): string {
  if (status === 401) return `The directory cannot be searched: ${CREDENTIALS}`;
  if (status === 403) {
    return `The directory cannot be searched: Microsoft Graph refused (403 Forbidden), the bot's app lacks the application permission GroupMember.Read.All. ${permissionText('GroupMember.Read.All', consentUrl)}`;
  }
  const what = status === 0 ? 'did not answer' : `answered ${status}`;
  return `The directory cannot be reached right now (Microsoft Graph ${what}). Try again in a few minutes, or choose another audience.`;
}

/**
 * Said with an audience whose size Graph would not give: a refusal now is the refusal its
 * campaign will meet at start, so the admin hears it before saving. Undefined for an outage.
 */
export function sizeRefusedWarning(
  status: number,
  audience: DirectoryAudience,
  consentUrl?: string,
): string | undefined {
  if (status === 401)
    return `Warning: ${CREDENTIALS} Until then a campaign to this audience ends at its start.`;
  if (status !== 403) return undefined;
  const permission = audience.kind === 'group' ? 'GroupMember.Read.All' : 'User.Read.All';
  const what =
    audience.kind === 'group'
      ? "the group's members"
      : audience.kind === 'attributes'
        ? "the organisation's users by department, country or office"
        : "the organisation's users";
  return `Warning: Microsoft Graph refused to count ${what} (403 Forbidden): the bot's app lacks the application permission ${permission}. A campaign to this audience ends at its start until it is granted. ${permissionText(permission, consentUrl)}`;
}

/** Said of values that match nobody alone: most often a misspelling. */
export function unmatchedValuesText(unmatched: AttributeValue[]): string {
  const each = unmatched.map(
    ({ attribute, value }) => `${ATTRIBUTE_LABELS[attribute]} “${value}” matches nobody`,
  );
  return `In your organisation's directory, ${each.join('; ')}. Check the spelling (the directory's, in any case), or leave it out.`;
}

/** Said when every value matches someone, but no one matches the whole rule. */
export function nobodyMatchesText(rule: AttributeRule): string {
  return `Nobody in your organisation's directory has ${ruleSentence(rule)} at once: each value matches someone, but no one matches all the attributes. Change or leave out an attribute.`;
}
