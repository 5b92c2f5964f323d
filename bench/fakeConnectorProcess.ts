/**
 * The benchmark's Bot Connector, in its own process as the real one would be: its HTTP
 * parsing must not eat the dispatcher's CPU time. Prints its port, then serves until killed.
 */
import { FakeBotConnector } from '../tests/delivery/support/fakeBotConnector.js';

const connector = new FakeBotConnector({ recordTexts: false });
const port = await connector.listen();
console.log(String(port));
process.on('SIGTERM', () => {
  void connector.close().then(() => process.exit(0));
});
