/** What the chat side needs from the job scheduler to plan and un-plan a campaign. */
export interface CampaignJobs {
  /** (Re-)plans the campaign's start job at `at`; an earlier plan for the same campaign is replaced. */
  scheduleStart(campaignId: string, at: Date): Promise<void>;
  /** Removes every job of the campaign. */
  cancel(campaignId: string): Promise<void>;
}
