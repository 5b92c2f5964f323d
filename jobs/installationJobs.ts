/**
 * The recurring Agenda job that installs the app for recipients the bot cannot reach yet
 * (src/installation). Each round works through the installations due now; the store's claims
 * keep several processes apart.
 */
import type { Agenda } from 'agenda';
import type { InstallationWorker } from '../src/installation/InstallationWorker.js';

export const INSTALL_APPS_JOB = 'app-installations';

export function defineInstallationJobs(deps: {
  agenda: Agenda;
  worker: InstallationWorker;
  /** How often due installations are looked for, e.g. '30 seconds'. */
  every: string;
}): { startRecurringInstallations(): Promise<void> } {
  deps.agenda.define(
    INSTALL_APPS_JOB,
    async () => {
      await deps.worker.installDue();
    },
    { concurrency: 1 },
  );
  return {
    async startRecurringInstallations(): Promise<void> {
      await deps.agenda.every(deps.every, INSTALL_APPS_JOB);
    },
  };
}
