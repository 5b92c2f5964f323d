/**
 * What the chat does with recipient lists (SPEC.md: Recipient lists): read pasted addresses,
 * create a mailing list, save a directory audience, and the queries behind `lists` and the
 * form's audience question.
 */
import { directoryAudienceOf } from '../domain/directory.js';
import type { ParsedEmailList } from '../domain/emailList.js';
import type { RecipientList } from '../domain/recipients.js';
import {
  createList,
  readAddresses,
  type CreateListOutcome,
  type ListToCreate,
} from './createList.js';
import { countReachable } from './reachability.js';
import { saveDirectoryAudience, type DirectoryAudienceToSave } from './saveDirectoryAudience.js';
import type { UseCaseDeps } from './UseCaseDeps.js';

/** A saved list; `reachable` counts its addresses the bot can reach (null for a directory audience). */
export interface ListRow {
  list: RecipientList;
  reachable: number | null;
}

export interface ListOverview {
  /** Everyone who installed or talked to the bot in the tenant: the built-in list. */
  allUsers: number;
  lists: ListRow[];
}

export class ListService {
  constructor(private readonly deps: Pick<UseCaseDeps, 'lists' | 'users' | 'clock' | 'logger'>) {}

  /** The pasted addresses, and how many valid ones nobody on Teams in the tenant has yet. */
  readAddresses(
    tenantId: string,
    pasted: string,
  ): Promise<ParsedEmailList & { unreachable: number }> {
    return readAddresses(this.deps, tenantId, pasted);
  }

  create(list: ListToCreate): Promise<CreateListOutcome> {
    return createList(this.deps, list);
  }

  saveDirectoryAudience(audience: DirectoryAudienceToSave): Promise<void> {
    return saveDirectoryAudience(this.deps, audience);
  }

  /** Case-insensitive. */
  async isNameTaken(tenantId: string, name: string): Promise<boolean> {
    return (await this.deps.lists.findByName(tenantId, name)) !== null;
  }

  get(listId: string): Promise<RecipientList | null> {
    return this.deps.lists.get(listId);
  }

  /** The tenant's saved lists. */
  saved(tenantId: string): Promise<RecipientList[]> {
    return this.deps.lists.list(tenantId);
  }

  async overview(tenantId: string): Promise<ListOverview> {
    const saved = await this.deps.lists.list(tenantId);
    const lists = await Promise.all(
      saved.map(async (list) => ({
        list,
        reachable:
          directoryAudienceOf(list.id) === undefined
            ? await countReachable(this.deps.users, tenantId, list.emails)
            : null,
      })),
    );
    return { allUsers: await this.deps.users.count(tenantId), lists };
  }
}
