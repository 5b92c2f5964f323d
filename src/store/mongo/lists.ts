import type { RecipientList } from '../../domain/recipients.js';
import type { ListStore } from '../../application/ports/repositories.js';
import type { Collections, ListDoc } from './collections.js';
import { withDuplicateCheck } from './duplicateKey.js';

function toList(doc: ListDoc): RecipientList {
  const { _id, ...fields }: Omit<ListDoc, 'nameLower'> & { nameLower?: string } = doc;
  delete fields.nameLower;
  return { id: _id, ...fields };
}

export class MongoLists implements ListStore {
  constructor(private readonly c: Collections) {}

  async create(list: RecipientList): Promise<void> {
    const { id, ...fields } = list;
    await withDuplicateCheck(`list "${list.name}"`, () =>
      this.c.lists.insertOne({ _id: id, ...fields, nameLower: list.name.toLowerCase() }),
    );
  }

  async get(id: string): Promise<RecipientList | null> {
    const doc = await this.c.lists.findOne({ _id: id });
    return doc ? toList(doc) : null;
  }

  async findByName(tenantId: string, name: string): Promise<RecipientList | null> {
    const doc = await this.c.lists.findOne({ tenantId, nameLower: name.toLowerCase() });
    return doc ? toList(doc) : null;
  }

  /** Newest first, like campaigns. */
  async list(tenantId: string): Promise<RecipientList[]> {
    const docs = await this.c.lists.find({ tenantId }).sort({ createdAt: -1, _id: -1 }).toArray();
    return docs.map(toList);
  }

  async delete(id: string): Promise<void> {
    await this.c.lists.deleteOne({ _id: id });
  }
}
