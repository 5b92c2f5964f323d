/**
 * Installs the bot's Teams app for users through Microsoft Graph
 * (`POST /users/{id}/teamwork/installedApps`, TeamsAppInstallation.ReadWriteForUser.All),
 * 15 users per `$batch`, batches spaced so that Graph never receives more than the Teams limit of
 * 30 requests in any second (it counts a batch's requests when the batch arrives).
 */
import { classifyInstallAnswer, type InstallOutcome } from '../domain/installation.js';
import { graphErrorMessage, type GraphClient } from '../graph/GraphClient.js';
import type { GraphCloud } from '../graph/nationalClouds.js';

export class GraphAppInstaller {
  private readonly appBinding: string;

  constructor(
    private readonly graph: GraphClient,
    cloud: GraphCloud,
    catalogAppId: string,
  ) {
    this.appBinding = `${cloud.graphEndpoint}/v1.0/appCatalogs/teamsApps/${catalogAppId}`;
  }

  /** What happened for each AAD object id. */
  async install(aadObjectIds: string[]): Promise<Map<string, InstallOutcome>> {
    const answers = await this.graph.batch(
      aadObjectIds.map((id) => ({
        id,
        method: 'POST' as const,
        service: 'teams' as const,
        url: `/users/${encodeURIComponent(id)}/teamwork/installedApps`,
        body: { 'teamsApp@odata.bind': this.appBinding },
      })),
    );
    const outcomes = new Map<string, InstallOutcome>();
    for (const id of aadObjectIds) {
      const answer = answers.get(id) ?? { status: 0, body: undefined };
      outcomes.set(
        id,
        classifyInstallAnswer(answer.status, graphErrorMessage(answer.body), answer.retryAfterMs),
      );
    }
    return outcomes;
  }
}
