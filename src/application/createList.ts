/**
 * Creating a mailing list (SPEC.md: Recipient lists): reading pasted addresses, and saving the
 * list. Saving is idempotent per list id, so a list created from the campaign form is saved on
 * Confirm, once, however many times Confirm arrives.
 */
import { parseEmailList, type ParsedEmailList } from '../domain/emailList.js';
import type { RecipientList } from '../domain/recipients.js';
import { DuplicateError } from './ports/repositories.js';
import { countReachable } from './reachability.js';
import type { UseCaseDeps } from './UseCaseDeps.js';

export interface ListToCreate {
  id: string;
  tenantId: string;
  name: string;
  emails: string[];
  createdBy: string;
}

export type CreateListOutcome = { kind: 'created'; list: RecipientList } | { kind: 'nameTaken' };

/** The pasted addresses, and how many valid ones nobody on Teams in the tenant has yet. */
export async function readAddresses(
  deps: Pick<UseCaseDeps, 'users'>,
  tenantId: string,
  pasted: string,
): Promise<ParsedEmailList & { unreachable: number }> {
  const parsed = parseEmailList(pasted);
  const reachable = await countReachable(deps.users, tenantId, parsed.valid);
  return { ...parsed, unreachable: parsed.valid.length - reachable };
}

export async function createList(
  deps: Pick<UseCaseDeps, 'lists' | 'clock' | 'logger'>,
  list: ListToCreate,
): Promise<CreateListOutcome> {
  const created: RecipientList = { ...list, createdAt: deps.clock.now().toMillis() };
  try {
    await deps.lists.create(created);
  } catch (error) {
    if (!(error instanceof DuplicateError)) {
      throw error;
    }
    const same = await deps.lists.get(list.id);
    return same === null ? { kind: 'nameTaken' } : { kind: 'created', list: same };
  }
  deps.logger.info({ listId: list.id, addresses: list.emails.length }, 'mailing list created');
  return { kind: 'created', list: created };
}
