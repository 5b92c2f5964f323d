/**
 * Which tenant may use which organisation's directory through Microsoft Graph: the one rule.
 * Single-tenant (GRAPH_TENANT_ID a tenant): the bot's Graph credentials belong to that tenant,
 * and admins of any other tenant must never search, read or act on its directory — no directory
 * audience or group search, no address matching, no app installation and no presence for them or
 * their campaigns: they get what the bot does without Graph. Multi-tenant
 * (GRAPH_TENANT_ID=organizations): every tenant uses its own directory, read with a token for
 * that tenant, once its admin has consented.
 */
import { DEFAULT_TENANT_ID } from '../domain/tenant.js';

export interface DirectoryAccess {
  /** True for a tenant that may use Graph: its own directory (none without Graph). */
  mayUse(tenantId: string): boolean;
}

/** GRAPH_TENANT_ID's value for a bot that reads each tenant's own directory. */
export const EVERY_TENANT = 'organizations';

/** Tenant ids are GUIDs (or verified domains), spelled in either case by Teams and by operators. */
export const normalisedTenantId = (tenantId: string) => tenantId.trim().toLowerCase();

/** A tenant id that can stand in a login URL's path: a GUID or a domain, nothing else. */
const TENANT_ID_SHAPE = /^[a-z0-9][a-z0-9.-]{0,99}$/;

/** A tenant that has a directory of its own: not Skype's stand-in, not `organizations` itself. */
function isOrganisation(tenantId: string): boolean {
  const tenant = normalisedTenantId(tenantId);
  return TENANT_ID_SHAPE.test(tenant) && tenant !== EVERY_TENANT && tenant !== DEFAULT_TENANT_ID;
}

export function directoryAccessFor(graphTenantId: string | undefined): DirectoryAccess {
  const own = graphTenantId === undefined ? '' : normalisedTenantId(graphTenantId);
  if (own === EVERY_TENANT) return { mayUse: isOrganisation };
  return { mayUse: (tenantId) => own !== '' && normalisedTenantId(tenantId) === own };
}

/** Told to an admin of another tenant where the directory would be offered. */
export const DIRECTORY_OF_ANOTHER_TENANT =
  "Directory groups, “everyone in the organisation” and presence-aware delivery are not offered here: the bot's Microsoft Graph access belongs to another organisation (tenant), whose directory only its own admins may use. Your campaigns go to mailing lists and to people who talked to the bot, whatever their presence.";

/** Told to an admin whose tenant has not granted the bot's Graph app admin consent yet. */
export function directoryNotConsented(consentUrl: string): string {
  return `Directory groups, “everyone in the organisation” and presence-aware delivery are not offered yet: your organisation (tenant) has not granted this bot access to its directory in Microsoft Graph. An Entra admin of your organisation grants it once, here: ${consentUrl} — until then your campaigns go to mailing lists and to people who talked to the bot, whatever their presence.`;
}
