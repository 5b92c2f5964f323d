/**
 * Where a tenant's Entra admin grants the bot's multi-tenant Graph app its permissions, once:
 * the admin-consent endpoint of the tenant on its cloud's login host. No redirect_uri: Entra
 * then shows its own "consent granted" page, and the link can never send anyone elsewhere.
 */
import type { GraphCloud } from './nationalClouds.js';

export function adminConsentUrl(cloud: GraphCloud, tenantId: string, clientId: string): string {
  const tenant = encodeURIComponent(tenantId.trim().toLowerCase());
  return `${cloud.authorityHost}/${tenant}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}
