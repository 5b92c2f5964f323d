import type { Campaign, CampaignStatus } from '../../domain/campaign.js';
import { campaignOptionsFrom } from '../../domain/campaignOptions.js';
import type { CampaignStore } from '../../application/ports/repositories.js';
import type { Collections, CampaignDoc } from './collections.js';
import { isDuplicateKey, withDuplicateCheck } from './duplicateKey.js';

function toDoc(campaign: Campaign): CampaignDoc {
  const { id, ...fields } = campaign;
  return { _id: id, ...fields, nameLower: campaign.name.toLowerCase() };
}

function toCampaign(doc: CampaignDoc): Campaign {
  const { _id, ...fields }: Omit<CampaignDoc, 'nameLower'> & { nameLower?: string } = doc;
  delete fields.nameLower;
  return { id: _id, ...fields, options: campaignOptionsFrom(fields.options) };
}

export class MongoCampaigns implements CampaignStore {
  constructor(private readonly c: Collections) {}

  async create(campaign: Campaign): Promise<void> {
    await withDuplicateCheck(`campaign "${campaign.name}"`, () =>
      this.c.campaigns.insertOne(toDoc(campaign)),
    );
  }

  async get(id: string): Promise<Campaign | null> {
    const doc = await this.c.campaigns.findOne({ _id: id });
    return doc ? toCampaign(doc) : null;
  }

  async findByName(tenantId: string, name: string): Promise<Campaign | null> {
    const doc = await this.c.campaigns.findOne({ tenantId, nameLower: name.toLowerCase() });
    return doc ? toCampaign(doc) : null;
  }

  async list(tenantId: string): Promise<Campaign[]> {
    const docs = await this.c.campaigns
      .find({ tenantId })
      .sort({ createdAt: -1, _id: -1 })
      .toArray();
    return docs.map(toCampaign);
  }

  async listIdsByStatus(status: CampaignStatus): Promise<string[]> {
    const docs = await this.c.campaigns
      .find({ status }, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return docs.map((doc) => doc._id);
  }

  async update(campaign: Campaign, allowedStatuses: CampaignStatus[]): Promise<boolean> {
    const result = await withDuplicateCheck(`campaign "${campaign.name}"`, () =>
      this.c.campaigns.replaceOne(
        { _id: campaign.id, status: { $in: allowedStatuses } },
        toDoc(campaign),
      ),
    );
    return result.matchedCount === 1;
  }

  async setStatus(
    id: string,
    from: CampaignStatus,
    to: CampaignStatus,
    at: number,
    endReason?: string,
  ): Promise<boolean> {
    const stamp =
      to === 'running' ? { startedAt: at } : to === 'finished' ? { finishedAt: at } : {};
    const result = await this.c.campaigns.updateOne(
      { _id: id, status: from },
      {
        $set: {
          status: to,
          updatedAt: at,
          ...stamp,
          ...(endReason === undefined ? {} : { endReason }),
        },
      },
    );
    return result.matchedCount === 1;
  }

  async markPlanned(id: string, at: number): Promise<void> {
    await this.c.campaigns.updateOne({ _id: id, status: 'running' }, { $set: { plannedAt: at } });
  }

  /**
   * Campaigns an earlier version started have no `plannedAt`: they count as planned from their
   * start, as that version treated them (SQLite's migration 9 does the same). Once per
   * database, by the first process to claim the step: later, a running campaign without
   * `plannedAt` is one whose start another process is planning right now.
   */
  async markEarlierStartsPlanned(): Promise<void> {
    try {
      await this.c.campaigns.db
        .collection<{ _id: string }>('upgradeSteps')
        .insertOne({ _id: 'campaigns-planned-at' });
    } catch (error) {
      if (isDuplicateKey(error)) return;
      throw error;
    }
    const unmarked = await this.c.campaigns
      .find({ status: 'running', plannedAt: { $exists: false } })
      .toArray();
    for (const doc of unmarked) {
      await this.markPlanned(doc._id, doc.startedAt ?? doc.updatedAt);
    }
  }

  /**
   * No multi-document transaction (a standalone server has none): the campaign goes first, in
   * one conditional deleteOne, so a start job that moved it to running meanwhile keeps it; the
   * children follow (an interrupted delete leaves only records no campaign refers to).
   */
  async delete(id: string, statuses: CampaignStatus[]): Promise<boolean> {
    const removed = await this.c.campaigns.deleteOne({ _id: id, status: { $in: statuses } });
    if (removed.deletedCount === 0) {
      return false;
    }
    await this.c.clicks.deleteMany({ campaignId: id });
    await this.c.linkTokens.deleteMany({ campaignId: id });
    await this.c.deliveries.deleteMany({ campaignId: id });
    await this.c.campaigns.db.collection('appInstallations').deleteMany({ campaignId: id });
    return true;
  }
}
