/**
 * A stand-in Bot Connector in its own process, as the real one would be: its HTTP
 * parsing must not eat the senders' CPU time. Used by the benchmark and the cluster test.
 * Prints its port, then serves until killed; GET /arrivals lists what arrived, timestamped.
 */
import { StandInConnector } from './standInConnector.js';

const connector = new StandInConnector([], { keepBodies: false });
const port = await connector.listen();
console.log(String(port));
process.on('SIGTERM', () => {
  void connector.close().then(() => process.exit(0));
});
