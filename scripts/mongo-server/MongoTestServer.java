import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away MongoDB for tests and for trying MongoDB mode: mongo-java-server's in-memory
 * backend on 127.0.0.1, reporting server version 5.0 (the Node driver 6 refuses wire versions
 * older than 4.2's). Prints MONGODB_URL=... as its first line, then runs until it is stopped
 * (Ctrl-C, SIGTERM), wherever its input comes from: started in the background, by nohup or a
 * service manager, its stdin is empty or closed, which says nothing about wanting it to stop.
 *
 * Usage: [--exit-when-stdin-closes] [port] [database]. With the flag it also stops when its
 * input ends: a test harness keeps a pipe open to it, so the server goes when the harness does.
 */
public final class MongoTestServer {
  private static final String EXIT_WHEN_STDIN_CLOSES = "--exit-when-stdin-closes";

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    boolean exitWhenStdinCloses = false;
    for (String arg : args) {
      if (arg.equals(EXIT_WHEN_STDIN_CLOSES)) {
        exitWhenStdinCloses = true;
      } else if (arg.startsWith("--")) {
        System.err.println("Unknown option " + arg + "; usage: [" + EXIT_WHEN_STDIN_CLOSES + "] [port] [database]");
        System.exit(2);
      } else {
        positional.add(arg);
      }
    }
    int port = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 0;
    String database = positional.size() > 1 ? positional.get(1) : "pushbot";

    MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
    server.bind(new InetSocketAddress("127.0.0.1", port));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));

    InetSocketAddress bound = server.getLocalAddress();
    System.out.println("MONGODB_URL=mongodb://127.0.0.1:" + bound.getPort() + "/" + database);
    System.out.flush();

    if (exitWhenStdinCloses) {
      while (System.in.read() != -1) {
        // Input is ignored; end of input means the parent is gone.
      }
      server.shutdownNow();
      System.exit(0);
    }
    Thread.currentThread().join();
  }
}
