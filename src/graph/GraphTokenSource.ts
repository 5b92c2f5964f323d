/**
 * App-only access tokens for Microsoft Graph. One instance per process, shared by everything
 * that calls Graph (presence, directory, app installation): MSAL caches the token until shortly
 * before it expires, so one source means one token request per hour, not one per caller.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { GraphCredentials } from '../config.js';
import type { GraphCloud } from './nationalClouds.js';

export class GraphTokenSource {
  private readonly msal: ConfidentialClientApplication;
  private readonly scope: string;

  constructor(credentials: GraphCredentials, cloud: GraphCloud) {
    this.msal = new ConfidentialClientApplication({
      auth: {
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        authority: `${cloud.authorityHost}/${credentials.tenantId}`,
      },
    });
    this.scope = `${cloud.graphEndpoint}/.default`;
  }

  async token(): Promise<string> {
    const result = await this.msal.acquireTokenByClientCredential({ scopes: [this.scope] });
    if (result === null || result.accessToken === '') {
      throw new Error('MSAL returned no access token');
    }
    return result.accessToken;
  }
}
