/** Where a campaign's report data is served; signed by ReportService, checked by the routes. */

export function chartPath(campaignId: string): string {
  return `/reports/${encodeURIComponent(campaignId)}/chart.png`;
}

export function exportPath(campaignId: string): string {
  return `/reports/${encodeURIComponent(campaignId)}/export.csv`;
}
