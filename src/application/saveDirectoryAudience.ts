/**
 * Saving a directory audience (a group, or everyone in the organisation) as a list without
 * addresses: its members are read when a campaign starts. Its id comes from the audience, so
 * choosing the same audience again reuses the list instead of making another.
 */
import type { RecipientList } from '../domain/recipients.js';
import { DuplicateError } from './ports/repositories.js';
import type { UseCaseDeps } from './UseCaseDeps.js';

export type DirectoryAudienceToSave = Pick<
  RecipientList,
  'id' | 'name' | 'tenantId' | 'createdBy' | 'directoryAudience'
>;

export async function saveDirectoryAudience(
  deps: Pick<UseCaseDeps, 'lists' | 'clock' | 'logger'>,
  audience: DirectoryAudienceToSave,
): Promise<void> {
  if ((await deps.lists.get(audience.id)) !== null) {
    return;
  }
  const list: RecipientList = { ...audience, emails: [], createdAt: deps.clock.now().toMillis() };
  try {
    await deps.lists.create(list);
  } catch (error) {
    if (!(error instanceof DuplicateError)) throw error;
    // A mailing list already has that name: the directory one is told apart by its id.
    await deps.lists.create({ ...list, name: `${list.name} (${list.id.slice(-8)})` });
  }
  deps.logger.info({ listId: list.id }, 'directory audience saved');
}
