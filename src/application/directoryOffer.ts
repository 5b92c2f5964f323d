/**
 * What the admin dialogs offer an admin, by their tenant's access to Graph: their own tenant's
 * directory and presence, or neither with the reason — another tenant's Graph (single-tenant),
 * or admin consent not granted yet, with the link for their Entra admin.
 */
import type { Directory } from './ports/Directory.js';
import type { TenantGraphs } from './ports/TenantGraph.js';
import { DIRECTORY_OF_ANOTHER_TENANT, directoryNotConsented } from './directoryAccess.js';

export type DirectoryOffer =
  /** `consentUrl`: multi-tenant, where the admin's Entra admin grants missing permissions. */
  | { kind: 'directory'; directory: Directory; consentUrl?: string }
  /** `note`: why no directory is offered, for the audience question. */
  | { kind: 'another-tenant'; note: string }
  | { kind: 'not-consented'; note: string }
  | { kind: 'no-graph' };

export async function directoryOfferFor(
  graphs: TenantGraphs | undefined,
  tenantId: string,
): Promise<DirectoryOffer> {
  if (graphs === undefined) return { kind: 'no-graph' };
  const access = await graphs.graphFor(tenantId);
  switch (access.kind) {
    case 'granted':
      return {
        kind: 'directory',
        directory: access.graph.directory,
        consentUrl: access.consentUrl,
      };
    case 'not-consented':
      return { kind: 'not-consented', note: directoryNotConsented(access.consentUrl) };
    case 'not-offered':
      return { kind: 'another-tenant', note: DIRECTORY_OF_ANOTHER_TENANT };
  }
}
