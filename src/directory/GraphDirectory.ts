/**
 * The organisation's directory through Microsoft Graph: e-mail addresses to users (mail, user
 * principal name or any proxy address), a group's members (transitively, 999 a page), every
 * enabled member account, the enabled accounts an attribute rule holds, group search by name
 * and audience size estimates. Permissions: User.Read.All, GroupMember.Read.All.
 */
import type { DirectoryUser } from '../domain/directory.js';
import { odataString, ruleFilter, valueFilter } from '../domain/attributeFilter.js';
import { ruleValues, type AttributeRule } from '../domain/directoryAttributes.js';
import type { GraphAnswer, GraphClient, GraphRequest } from '../graph/GraphClient.js';
import type {
  AttributeCount,
  Directory,
  GroupSearch,
  SizeEstimate,
} from '../application/ports/Directory.js';

/** Graph's largest page for users and group members. */
export const DIRECTORY_PAGE_SIZE = 999;

const USER_FIELDS = 'id,mail,userPrincipalName,givenName,surname,displayName';
/** `$count`, `$search` and filters over proxyAddresses are "advanced queries" in Entra ID. */
const ADVANCED_QUERY = { ConsistencyLevel: 'eventual' };
const ENABLED_MEMBERS = "accountEnabled eq true and userType eq 'Member'";

export class GraphDirectory implements Directory {
  constructor(private readonly graph: GraphClient) {}

  /**
   * Each address to the user it names, null when it names nobody in the tenant. An address
   * whose lookup still failed after the retries is left out: unknown is not "nobody".
   */
  async resolveAddresses(addresses: string[]): Promise<Map<string, DirectoryUser | null>> {
    const requests: GraphRequest[] = addresses.map((address, i) => ({
      id: String(i),
      method: 'GET',
      service: 'directory',
      url: `/users?$filter=${encodeURIComponent(addressFilter(address))}&$select=${USER_FIELDS}&$count=true`,
      headers: ADVANCED_QUERY,
    }));
    const answers = await this.graph.batch(requests);
    const resolved = new Map<string, DirectoryUser | null>();
    addresses.forEach((address, i) => {
      const answer = answers.get(String(i));
      if (answer?.status !== 200) return;
      const users = usersOf(answer);
      resolved.set(address, users[0] ?? null);
    });
    return resolved;
  }

  /** The group's user members, nested groups included, page by page. */
  groupMembers(groupId: string): AsyncGenerator<DirectoryUser[]> {
    return this.userPages(
      `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=${USER_FIELDS}&$top=${DIRECTORY_PAGE_SIZE}`,
    );
  }

  /** Every enabled member account of the organisation (guests and disabled accounts left out). */
  everyone(): AsyncGenerator<DirectoryUser[]> {
    return this.userPages(
      `/users?$filter=${encodeURIComponent(ENABLED_MEMBERS)}&$select=${USER_FIELDS}&$top=${DIRECTORY_PAGE_SIZE}&$count=true`,
    );
  }

  /** The enabled accounts matching an attribute rule (department, country…), page by page. */
  attributeMembers(rule: AttributeRule): AsyncGenerator<DirectoryUser[]> {
    return this.userPages(
      `/users?$filter=${encodeURIComponent(ruleFilter(rule))}&$select=${USER_FIELDS}&$top=${DIRECTORY_PAGE_SIZE}&$count=true`,
    );
  }

  /**
   * The rule's size and, in the same `$batch`es, each of its values counted alone: a value
   * that matches nobody is most often misspelt.
   */
  async countByAttributes(rule: AttributeRule): Promise<AttributeCount> {
    const values = ruleValues(rule);
    const count = (id: string, filter: string): GraphRequest => ({
      id,
      method: 'GET',
      service: 'directory',
      url: `/users?$filter=${encodeURIComponent(filter)}&$select=id&$top=1&$count=true`,
      headers: ADVANCED_QUERY,
    });
    const answers = await this.graph.batch([
      count('rule', ruleFilter(rule)),
      ...values.map((value, i) => count(String(i), valueFilter(value))),
    ]);
    const size = countOf(answers.get('rule'));
    if (size === undefined) return { kind: 'unknown', status: answers.get('rule')?.status ?? 0 };
    const unmatched = values.filter((_, i) => countOf(answers.get(String(i))) === 0);
    return { kind: 'counted', size, unmatched };
  }

  /** Groups whose name contains `text`, at most 10, for the admin to pick from. */
  async searchGroups(text: string): Promise<GroupSearch> {
    const search = `"displayName:${text.replace(/["\\]/g, '')}"`;
    const answer = await this.graph.send({
      method: 'GET',
      service: 'directory',
      url: `/groups?$search=${encodeURIComponent(search)}&$select=id,displayName,mail,groupTypes,mailEnabled,securityEnabled&$top=10&$count=true`,
      headers: ADVANCED_QUERY,
    });
    if (answer.status !== 200) return { kind: 'unavailable', status: answer.status };
    const groups = (answer.body as { value?: GroupEntry[] } | undefined)?.value ?? [];
    return {
      kind: 'found',
      groups: groups.map((g) => ({
        id: g.id,
        displayName: g.displayName ?? g.id,
        ...(g.mail ? { mail: g.mail } : {}),
        kind: groupKind(g),
      })),
    };
  }

  /** How many users a group holds (transitively), or everyone. */
  async estimateSize(groupId?: string): Promise<SizeEstimate> {
    const url =
      groupId === undefined
        ? `/users/$count?$filter=${encodeURIComponent(ENABLED_MEMBERS)}`
        : `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user/$count`;
    const answer = await this.graph.send({
      method: 'GET',
      service: 'directory',
      url,
      headers: ADVANCED_QUERY,
    });
    if (answer.status === 200 && typeof answer.body === 'number') {
      return { kind: 'counted', size: answer.body };
    }
    return { kind: 'unknown', status: answer.status };
  }

  private async *userPages(url: string): AsyncGenerator<DirectoryUser[]> {
    for await (const page of this.graph.pages<UserEntry>({
      url,
      service: 'directory',
      headers: ADVANCED_QUERY,
    })) {
      yield page.flatMap(toDirectoryUser);
    }
  }
}

interface UserEntry {
  id?: unknown;
  mail?: unknown;
  userPrincipalName?: unknown;
  givenName?: unknown;
  surname?: unknown;
  displayName?: unknown;
}

interface GroupEntry {
  id: string;
  displayName?: string;
  mail?: string;
  groupTypes?: string[];
  mailEnabled?: boolean;
  securityEnabled?: boolean;
}

/** `@odata.count` of a `$count=true` answer; undefined when Graph did not give it. */
function countOf(answer: GraphAnswer | undefined): number | undefined {
  if (answer?.status !== 200) return undefined;
  const count = (answer.body as { '@odata.count'?: unknown } | undefined)?.['@odata.count'];
  return typeof count === 'number' ? count : undefined;
}

function addressFilter(address: string): string {
  const a = address.toLowerCase();
  return `mail eq ${odataString(a)} or userPrincipalName eq ${odataString(a)} or proxyAddresses/any(p:p eq ${odataString(`smtp:${a}`)})`;
}

function usersOf(answer: GraphAnswer): DirectoryUser[] {
  return ((answer.body as { value?: UserEntry[] } | undefined)?.value ?? []).flatMap(
    toDirectoryUser,
  );
}

function toDirectoryUser(entry: UserEntry): DirectoryUser[] {
  if (typeof entry.id !== 'string') return [];
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const user: DirectoryUser = { id: entry.id };
  const fields = {
    mail: text(entry.mail)?.toLowerCase(),
    userPrincipalName: text(entry.userPrincipalName)?.toLowerCase(),
    givenName: text(entry.givenName),
    surname: text(entry.surname),
    displayName: text(entry.displayName),
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (user as unknown as Record<string, string>)[key] = value;
  }
  return [user];
}

function groupKind(group: GroupEntry): string {
  if (group.groupTypes?.includes('Unified')) return 'Microsoft 365 group';
  if (group.mailEnabled && group.securityEnabled) return 'mail-enabled security group';
  if (group.mailEnabled) return 'distribution list';
  return 'security group';
}
