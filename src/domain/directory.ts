/**
 * People and audiences of the organisation's directory (Microsoft Entra ID, read through
 * Graph). Pure data and naming rules; no I/O.
 */
import {
  DIRECTORY_ATTRIBUTES,
  type AttributeRule,
  type DirectoryAttribute,
} from './directoryAttributes.js';

/** A directory user as the product needs them: who they are and how to address them. */
export interface DirectoryUser {
  /** Entra (AAD) object id. */
  id: string;
  mail?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  displayName?: string;
}

/**
 * A campaign audience read from the directory at campaign start, stored in the campaign's
 * `listId` beside saved-list ids: a group (Microsoft 365, security or distribution list),
 * everyone in the organisation, or the people an attribute rule describes.
 */
export type DirectoryAudience =
  | { kind: 'group'; groupId: string }
  | { kind: 'everyone' }
  | { kind: 'attributes'; rule: AttributeRule };

const GROUP_PREFIX = 'directory-group:';
/** Followed by the tenant id: list ids are unique across tenants. */
const EVERYONE_PREFIX = 'directory-everyone:';
/** Followed by the tenant id, `:` and the rule (see ruleKey). */
const ATTRIBUTES_PREFIX = 'directory-attributes:';

/**
 * The id under which a directory audience is saved as a list (with no addresses: its members
 * are read when a campaign starts) so that campaigns refer to it like to any list. The same
 * audience chosen again has the same id.
 */
export function directoryAudienceId(audience: DirectoryAudience, tenantId = ''): string {
  switch (audience.kind) {
    case 'everyone':
      return `${EVERYONE_PREFIX}${tenantId}`;
    case 'group':
      return `${GROUP_PREFIX}${audience.groupId}`;
    case 'attributes':
      return `${ATTRIBUTES_PREFIX}${encodeURIComponent(tenantId)}:${ruleKey(audience.rule)}`;
  }
}

/** The directory audience a campaign's `listId` names, or undefined for a saved list. */
export function directoryAudienceOf(listId: string): DirectoryAudience | undefined {
  if (listId.startsWith(EVERYONE_PREFIX)) return { kind: 'everyone' };
  if (listId.startsWith(GROUP_PREFIX) && listId.length > GROUP_PREFIX.length) {
    return { kind: 'group', groupId: listId.slice(GROUP_PREFIX.length) };
  }
  if (listId.startsWith(ATTRIBUTES_PREFIX)) {
    const rest = listId.slice(ATTRIBUTES_PREFIX.length);
    const rule = ruleOfKey(rest.slice(rest.indexOf(':') + 1));
    return rule === undefined ? undefined : { kind: 'attributes', rule };
  }
  return undefined;
}

/**
 * `department=Sales,Marketing;country=Germany`, each value URI-encoded (so `,;=` inside a value
 * stay inside it): the whole rule is in the id, and a campaign start needs nothing else.
 */
function ruleKey(rule: AttributeRule): string {
  return rule
    .map(({ attribute, values }) => `${attribute}=${values.map(encodeURIComponent).join(',')}`)
    .join(';');
}

function ruleOfKey(key: string): AttributeRule | undefined {
  const rule: AttributeRule = [];
  for (const clause of key.split(';')) {
    const [name = '', values = ''] = clause.split('=');
    const attribute = DIRECTORY_ATTRIBUTES.find((a: DirectoryAttribute) => a === name);
    if (attribute === undefined || values === '') return undefined;
    try {
      rule.push({ attribute, values: values.split(',').map(decodeURIComponent) });
    } catch {
      return undefined;
    }
  }
  return rule;
}

/** The address a directory user's delivery is filed under: mail, else the sign-in name. */
export function addressOf(user: DirectoryUser): string {
  return (user.mail ?? user.userPrincipalName ?? user.id).toLowerCase();
}

const INSTALLED_PREFIX = 'msteams:aad:';

/** Id of the reachable user the bot records after installing its app for a directory user. */
export function installedUserId(aadObjectId: string): string {
  return `${INSTALLED_PREFIX}${aadObjectId.toLowerCase()}`;
}

/** The (lower-cased) AAD object id an installed user's id names, or undefined for another id. */
export function aadObjectIdOfInstalled(userId: string): string | undefined {
  return userId.startsWith(INSTALLED_PREFIX) && userId.length > INSTALLED_PREFIX.length
    ? userId.slice(INSTALLED_PREFIX.length)
    : undefined;
}
