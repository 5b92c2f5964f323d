import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * A throw-away MongoDB for tests and for trying MongoDB mode: mongo-java-server's in-memory
 * backend on 127.0.0.1, reporting server version 5.0 (the Node driver 6 refuses wire versions
 * older than 4.2's). Prints MONGODB_URL=... as its first line, then runs until stdin closes or
 * the process is stopped, so a parent that dies never leaves it behind.
 */
public final class MongoTestServer {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    String database = args.length > 1 ? args[1] : "pushbot";
    boolean watchStdin = System.getenv("MONGO_SERVER_KEEP_ALIVE") == null;

    MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
    server.bind(new InetSocketAddress("127.0.0.1", port));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));

    InetSocketAddress bound = server.getLocalAddress();
    System.out.println("MONGODB_URL=mongodb://127.0.0.1:" + bound.getPort() + "/" + database);
    System.out.flush();

    if (watchStdin) {
      while (System.in.read() != -1) {
        // Input is ignored; end of input means the parent is gone.
      }
      server.shutdownNow();
      System.exit(0);
    }
    Thread.currentThread().join();
  }
}
