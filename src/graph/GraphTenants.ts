/**
 * Microsoft Graph for every tenant the bot serves (SPEC.md: One directory per tenant). Single-
 * tenant (GRAPH_TENANT_ID a tenant): one set of services, for that tenant only. Multi-tenant
 * (GRAPH_TENANT_ID=organizations): each tenant's services are built on first use with a token
 * for that tenant (client credentials against its own authority), kept in a bounded cache, and
 * paced per app per tenant. A tenant whose admin has not consented is known by the login host's
 * refusal; that verdict is kept a few minutes so not every message asks again, then asked anew,
 * so consent granted meanwhile is noticed.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { TenantGraphAccess, TenantGraphs } from '../application/ports/TenantGraph.js';
import {
  directoryAccessFor,
  EVERY_TENANT,
  normalisedTenantId,
  type DirectoryAccess,
} from '../application/directoryAccess.js';
import type { SendRateStore } from '../application/ports/repositories.js';
import type { RetryOptions } from '../ratelimit/RetryOptions.js';
import type { Logger } from '../logger.js';
import type { GraphAppInstaller } from '../installation/GraphAppInstaller.js';
import { adminConsentUrl } from './adminConsent.js';
import {
  createClusterGraphServices,
  createGraphServices,
  type GraphConfig,
  type GraphServices,
} from './graphServices.js';
import { classifyTokenFailure, lacksConsent } from './tokenFailure.js';

/** Tenants whose services (token cache, pacers) a process keeps; the least recently used go. */
export const MAX_CACHED_TENANTS = 500;
/** How long "this tenant has not consented" is believed before the login host is asked again. */
export const CONSENT_VERDICT_MS = 5 * 60_000;

export interface GraphTenantsOptions {
  config: GraphConfig;
  clock: Clock;
  logger: Logger;
  /** One tenant's services, with credentials for that tenant; paced per app per tenant. */
  servicesOf: (tenantId: string) => GraphServices;
  maxTenants?: number;
}

export class GraphTenants implements TenantGraphs<GraphServices>, DirectoryAccess {
  private readonly access: DirectoryAccess;
  /** Insertion order is use order: the first entry is the least recently used. */
  private readonly services = new Map<string, GraphServices>();
  /** Tenant → until when it is taken as not consented (ms). */
  private readonly notConsented = new Map<string, number>();
  private readonly maxTenants: number;
  /** GRAPH_TENANT_ID=organizations: every tenant reads its own directory. */
  readonly multiTenant: boolean;

  constructor(private readonly options: GraphTenantsOptions) {
    this.access = directoryAccessFor(options.config.graph.tenantId);
    this.multiTenant = normalisedTenantId(options.config.graph.tenantId) === EVERY_TENANT;
    this.maxTenants = options.maxTenants ?? MAX_CACHED_TENANTS;
  }

  /** True when the Teams app catalog id is configured: tenants' installers exist. */
  get installsApp(): boolean {
    return this.options.config.teamsAppCatalogId !== undefined;
  }

  /** The tenant's app installer; undefined when it may not use Graph or none is configured. */
  async installerOf(tenantId: string): Promise<GraphAppInstaller | undefined> {
    const access = await this.graphFor(tenantId);
    return access.kind === 'granted' ? access.graph.installer : undefined;
  }

  mayUse(tenantId: string): boolean {
    return this.access.mayUse(tenantId) && !this.refusedRecently(normalisedTenantId(tenantId));
  }

  /** The tenant's services without asking the login host; undefined when it may not use Graph. */
  servicesFor(tenantId: string): GraphServices | undefined {
    if (!this.mayUse(tenantId)) return undefined;
    const tenant = this.multiTenant
      ? normalisedTenantId(tenantId)
      : this.options.config.graph.tenantId;
    let services = this.services.get(tenant);
    if (services !== undefined) {
      this.services.delete(tenant);
    } else {
      services = this.options.servicesOf(tenant);
      if (this.services.size >= this.maxTenants) {
        this.services.delete(this.services.keys().next().value!);
      }
    }
    this.services.set(tenant, services);
    return services;
  }

  async graphFor(tenantId: string): Promise<TenantGraphAccess<GraphServices>> {
    const tenant = normalisedTenantId(tenantId);
    if (!this.access.mayUse(tenant)) return { kind: 'not-offered' };
    if (this.refusedRecently(tenant)) return this.consentMissing(tenant);
    const services = this.servicesFor(tenant)!;
    // Single-tenant: the operator's own tenant, whose refusals are told as today's (credentials).
    if (!this.multiTenant) return { kind: 'granted', graph: services };
    try {
      // MSAL keeps the token until shortly before it expires: asking again costs nothing.
      await services.tokens.token();
    } catch (error) {
      const failure = classifyTokenFailure(error);
      if (lacksConsent(failure)) {
        this.rememberRefusal(tenant);
        this.options.logger.warn(
          { tenantId: tenant, code: failure.code },
          'this tenant has not granted the Graph app admin consent: no directory for it',
        );
        return this.consentMissing(tenant);
      }
      // An outage or refused credentials: the directory's own replies tell which.
    }
    return { kind: 'granted', graph: services, consentUrl: this.consentUrlOf(tenant) };
  }

  private consentMissing(tenant: string): TenantGraphAccess<GraphServices> {
    return { kind: 'not-consented', consentUrl: this.consentUrlOf(tenant) };
  }

  private consentUrlOf(tenant: string): string {
    const { graphCloud, graph } = this.options.config;
    return adminConsentUrl(graphCloud, tenant, graph.clientId);
  }

  private refusedRecently(tenant: string): boolean {
    const until = this.notConsented.get(tenant);
    if (until === undefined) return false;
    if (until > this.options.clock.now().toMillis()) return true;
    this.notConsented.delete(tenant);
    return false;
  }

  private rememberRefusal(tenant: string): void {
    if (this.notConsented.size >= this.maxTenants) {
      this.notConsented.delete(this.notConsented.keys().next().value!);
    }
    this.notConsented.set(tenant, this.options.clock.now().toMillis() + CONSENT_VERDICT_MS);
  }
}

/**
 * Graph for a process of a cluster: every tenant's requests wait on `clock` and are paced
 * through the store's rate slots, per app per tenant, so the processes together keep Graph's
 * limits.
 */
export function createClusterGraphTenants(
  config: GraphConfig,
  logger: Logger,
  pacing: { clock: Clock; slots: SendRateStore },
): GraphTenants {
  return new GraphTenants({
    config,
    clock: pacing.clock,
    logger,
    servicesOf: (tenantId) =>
      createClusterGraphServices(
        { ...config, graph: { ...config.graph, tenantId } },
        logger,
        pacing,
      ),
  });
}

/** Graph paced per process (tests, the benchmark): each tenant gets its own limiters. */
export function createGraphTenants(
  config: GraphConfig,
  logger: Logger,
  clock: Clock,
  retry: RetryOptions = {},
  maxTenants?: number,
): GraphTenants {
  return new GraphTenants({
    config,
    clock,
    logger,
    maxTenants,
    servicesOf: (tenantId) =>
      createGraphServices({ ...config, graph: { ...config.graph, tenantId } }, logger, retry),
  });
}
