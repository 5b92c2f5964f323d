/**
 * Which tenant may use the organisation's directory through Microsoft Graph: the one rule.
 * The bot's Graph credentials belong to one tenant (GRAPH_TENANT_ID), while a multi-tenant bot
 * also serves admins of other tenants. Those must never search, read or act on that directory:
 * no directory audience or group search, no address matching, no app installation and no
 * presence for them or their campaigns — they get what the bot does without Graph.
 */
export interface DirectoryAccess {
  /** True only for the tenant the Graph credentials belong to (none without Graph). */
  mayUse(tenantId: string): boolean;
}

/** Tenant ids are GUIDs, spelled in either case by Teams and by operators. */
const normalised = (tenantId: string) => tenantId.trim().toLowerCase();

export function directoryAccessFor(graphTenantId: string | undefined): DirectoryAccess {
  const own = graphTenantId === undefined ? '' : normalised(graphTenantId);
  return { mayUse: (tenantId) => own !== '' && normalised(tenantId) === own };
}

/** Told to an admin of another tenant where the directory would be offered. */
export const DIRECTORY_OF_ANOTHER_TENANT =
  "Directory groups, “everyone in the organisation” and presence-aware delivery are not offered here: the bot's Microsoft Graph access belongs to another organisation (tenant), whose directory only its own admins may use. Your campaigns go to mailing lists and to people who talked to the bot, whatever their presence.";
