package skein;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Starts Neo4j Community as its own JVM process with only the Bolt connector, bound to loopback,
 * so Skein's driver talks to it exactly as it would to a production server.
 *
 * Arguments: --home DIR --port N [--pagecache SIZE] [--host 127.0.0.1] [--plugins DIR]
 * --plugins: a directory of procedure jars (the Graph Data Science library); Neo4j finds procedures
 * only by scanning this directory, so the jars are also on the classpath and listed here.
 * Heap is a JVM option (-Xmx), set by scripts/neo4j.ts.
 * Prints "SKEIN_NEO4J_READY bolt://host:port" once the default database answers, and shuts down
 * cleanly on SIGTERM (the JVM runs shutdown hooks), so store files are never left half-written.
 */
public final class EmbeddedNeo4j {
  public static void main(String[] args) throws Exception {
    Path home = null;
    int port = 7687;
    String host = "127.0.0.1";
    String pageCache = "256m";
    Path plugins = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--home" -> { home = Path.of(require(value, "--home")); i++; }
        case "--port" -> { port = Integer.parseInt(require(value, "--port")); i++; }
        case "--host" -> { host = require(value, "--host"); i++; }
        case "--pagecache" -> { pageCache = require(value, "--pagecache"); i++; }
        case "--plugins" -> { plugins = Path.of(require(value, "--plugins")); i++; }
        default -> fail("unknown argument " + args[i]);
      }
    }
    if (home == null) fail("--home DIR is required");
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      fail("--host must be a loopback address: the embedded server runs without authentication");
    }
    Files.createDirectories(home);

    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
    if (plugins != null) builder.setConfig(GraphDatabaseSettings.plugin_dir, plugins.toAbsolutePath());
    DatabaseManagementService service = builder
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pageCache))
        // The Graph Data Science procedures (on the classpath when SKEIN_NEO4J_GDS is set) read the
        // store below the Cypher API, which Neo4j allows only to procedures named here.
        .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"))
        .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("SKEIN_NEO4J_STOPPING");
      service.shutdown();
      System.out.println("SKEIN_NEO4J_STOPPED");
      stopped.countDown();
    }, "skein-neo4j-shutdown"));

    GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    db.executeTransactionally("RETURN 1");
    System.out.println("SKEIN_NEO4J_READY bolt://" + host + ":" + port);
    System.out.flush();
    stopped.await();
  }

  private static String require(String value, String flag) {
    if (value == null) fail(flag + " needs a value");
    return value;
  }

  private static long parseBytes(String size) {
    String s = size.trim().toLowerCase();
    long unit = 1;
    char last = s.charAt(s.length() - 1);
    if (last == 'k') unit = 1L << 10;
    else if (last == 'm') unit = 1L << 20;
    else if (last == 'g') unit = 1L << 30;
    if (unit != 1) s = s.substring(0, s.length() - 1);
    return Long.parseLong(s) * unit;
  }

  private static void fail(String message) {
    System.err.println("EmbeddedNeo4j: " + message);
    System.exit(2);
  }
}
