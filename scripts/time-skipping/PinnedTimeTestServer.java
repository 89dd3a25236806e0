import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.OffsetDateTime;

/**
 * Temporal's time-skipping test server (io.temporal.testserver.TestServer) with a pinned start:
 * its clock begins at the given instant instead of the machine's now, so tests of legal
 * deadlines do not depend on the day they run. Same wiring as TestServer.createPortBoundServer,
 * with TestServicesStarter's initial time set.
 *
 * Usage: PinnedTimeTestServer <port> [--enable-time-skipping] [--start-at=<ISO instant with offset | epoch ms>]
 * The start may also come from ONEVISIT_TEST_SERVER_START_AT; absent, the clock starts at now.
 */
public final class PinnedTimeTestServer {
  private PinnedTimeTestServer() {}

  static long parseStart(String value) {
    String v = value.trim();
    if (v.matches("-?\\d+")) return Long.parseLong(v);
    return OffsetDateTime.parse(v).toInstant().toEpochMilli();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: PinnedTimeTestServer <port> [--enable-time-skipping] [--start-at=<ISO instant | epoch ms>]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean enableTimeSkipping = false;
    String startAt = System.getenv("ONEVISIT_TEST_SERVER_START_AT");
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equalsIgnoreCase("--enable-time-skipping")) enableTimeSkipping = true;
      else if (arg.startsWith("--start-at=")) startAt = arg.substring("--start-at=".length());
      else {
        System.err.println("Unknown flag " + arg);
        System.exit(2);
      }
    }
    // 0 is TestServicesStarter's "now".
    long initialTimeMillis = startAt == null || startAt.isEmpty() ? 0 : parseStart(startAt);
    TestServicesStarter starter = new TestServicesStarter(!enableTimeSkipping, initialTimeMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(starter.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      starter.close();
    }));
    server.awaitTermination();
  }
}
