package queue.bench.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import queue.core.api.OpenOptions;
import queue.core.api.QueueStore;
import queue.core.api.SendRequest;
import queue.core.api.Stores;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;

/**
 * Sends on PostgreSQL against the floor of the same server: a bare one-row INSERT committed on its
 * own. One sample of every case per round, the cases interleaved (each round shuffled), so a change
 * in the machine's load hits all of them alike; every few rounds an unmeasured delete removes what
 * the sends queued.
 */
final class SendBench {
  static final List<String> AGENTS = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7");

  /** The group every agent is in: a send to it reaches the broadcast's 8. */
  static final String GROUP = "team";

  private static final String BODY = "x".repeat(100);
  // What the sends queued is removed every few rounds, between samples: the backlog stays near its
  // size, and no clean-up commit sits right before a measured one.
  private static final int CLEAN_EVERY = 10;

  private final BenchServer server;
  private final Path directory;

  SendBench(BenchServer server, Path directory) {
    this.server = server;
    this.directory = directory;
  }

  List<Timings> run(int rounds, int warmup) throws Exception {
    Timings floor = new Timings("bare INSERT commit (floor)");
    Timings small = new Timings("send, 100 live");
    Timings broadcast = new Timings("broadcast x8, 100 live");
    Timings group = new Timings("send to @team (8 members), 100 live");
    Timings large = new Timings("send, 100,000 live");
    try (Target few = target("bench_few", 100);
        Target many = target("bench_many", 100_000);
        Connection floorConnection = server.connect(few.url);
        PreparedStatement insert = floorTable(floorConnection)) {
      List<Case> cases =
          List.of(
              new Case(floor, () -> timeInsert(insert)),
              new Case(small, () -> few.send(SendRequest.to(List.of("a0"), "bench", BODY))),
              new Case(broadcast, () -> few.send(SendRequest.broadcast("bench", BODY))),
              new Case(group, () -> few.send(SendRequest.to(List.of("@" + GROUP), "bench", BODY))),
              new Case(large, () -> many.send(SendRequest.to(List.of("a0"), "bench", BODY))));
      List<Case> order = new ArrayList<>(cases);
      Random shuffle = new Random(1);
      for (int round = 0; round < warmup + rounds; round++) {
        // Each round in an order of its own, so no case always follows the same one.
        Collections.shuffle(order, shuffle);
        for (Case c : order) {
          long elapsed = c.sample().take();
          if (round >= warmup) {
            c.timings().add(elapsed);
          }
        }
        if (round % CLEAN_EVERY == CLEAN_EVERY - 1) {
          few.removeSent();
          many.removeSent();
        }
      }
    }
    return List.of(floor, small, broadcast, group, large);
  }

  /** One measured case: where its timings go and how to take one sample (elapsed nanoseconds). */
  private record Case(Timings timings, Sample sample) {}

  @FunctionalInterface
  private interface Sample {
    long take() throws SQLException;
  }

  private static PreparedStatement floorTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE bench_floor (id bigserial PRIMARY KEY, body text NOT NULL)");
    }
    return connection.prepareStatement("INSERT INTO bench_floor (body) VALUES (?)");
  }

  private static long timeInsert(PreparedStatement insert) throws SQLException {
    insert.setString(1, BODY);
    long start = System.nanoTime();
    insert.executeUpdate();
    return System.nanoTime() - start;
  }

  private Target target(String name, int backlog) throws Exception {
    String url = server.newDatabase(name);
    QueueStore store = Stores.open(url, OpenOptions.defaults(Clock.systemUTC()));
    for (String agent : AGENTS) {
      store
          .agents()
          .add(
              Agent.of(agent, Inbox.TRANSPORT, Inbox.target(null), Clock.systemUTC().instant())
                  .withHost("bench-host", true)
                  .withGroups(List.of(GROUP)));
    }
    Connection side = server.connect(url);
    Backlog.fill(side, AGENTS, backlog);
    return new Target(url, store, side);
  }

  /** A store, its backlog, and a side connection for the unmeasured clean-up. */
  private static final class Target implements AutoCloseable {
    final String url;
    final QueueStore store;
    final Connection side;
    final List<String> sent = new ArrayList<>();

    Target(String url, QueueStore store, Connection side) {
      this.url = url;
      this.store = store;
      this.side = side;
    }

    long send(SendRequest request) {
      long start = System.nanoTime();
      String id = store.sends().send(request).messageId();
      long elapsed = System.nanoTime() - start;
      sent.add(id);
      return elapsed;
    }

    void removeSent() throws SQLException {
      Backlog.remove(side, sent);
      sent.clear();
    }

    @Override
    public void close() throws SQLException {
      store.close();
      side.close();
    }
  }
}
