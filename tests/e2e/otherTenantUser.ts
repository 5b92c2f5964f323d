/** A Teams user of another tenant than the harness's: Teams names their tenant on every activity. */
import type { Activity } from 'botbuilder';
import type { PostedActivity, Member, StandInConnector } from '../support/standInConnector.js';
import { TeamsUser, type E2eApp } from './appHarness.js';

export class OtherTenantUser extends TeamsUser {
  constructor(
    e2e: E2eApp,
    connector: StandInConnector,
    member: Member,
    readonly tenantId: string,
  ) {
    super(e2e, connector, member);
  }

  override send(overrides: Partial<Activity>): Promise<PostedActivity[]> {
    return super.send({
      conversation: {
        id: this.conversationId,
        conversationType: 'personal',
        tenantId: this.tenantId,
        isGroup: false,
        name: '',
      },
      channelData: { tenant: { id: this.tenantId } },
      ...overrides,
    });
  }
}
