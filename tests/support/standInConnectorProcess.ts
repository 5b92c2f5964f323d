/**
 * A stand-in Bot Connector in its own process, as the real one would be: its HTTP
 * parsing must not eat the senders' CPU time. Used by the benchmark and the cluster test.
 * Prints its port, then serves until killed; GET /arrivals lists what arrived, timestamped,
 * GET /edits the deletions and updates of activities.
 */
import { StandInConnector } from './standInConnector.js';

// A delay lets a test kill a sender while its DELETE requests are in flight.
const connector = new StandInConnector([], {
  keepBodies: false,
  deleteAnswerDelayMs: Number(process.env.DELETE_ANSWER_DELAY_MS ?? 0),
});
const port = await connector.listen();
console.log(String(port));
process.on('SIGTERM', () => {
  void connector.close().then(() => process.exit(0));
});
