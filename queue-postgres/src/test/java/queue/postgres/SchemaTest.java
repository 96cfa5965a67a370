package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.Ids;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.EntryView;
import queue.core.api.QueueStore;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;
import queue.core.api.SendResult;
import queue.core.api.ThreadView;
import queue.core.error.CorruptStateException;
import queue.core.model.AgentChange;
import queue.core.model.EntryState;
import queue.core.model.Message;
import queue.core.model.Target;
import queue.core.testing.MutableClock;
import queue.core.testing.TestAgents;

class SchemaTest {
  @TempDir Path directory;
  final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

  @Test
  void firstOpenCreatesTheSchemaAndRecordsItsVersion() throws Exception {
    String url = EmbeddedServer.newDatabase();

    try (QueueStore store = TestStores.open(url, clock)) {
      assertEquals(0, store.agents().list().size());
    }

    assertEquals(Schema.VERSION, recordedVersion(url));
  }

  @Test
  void secondOpenLeavesTheSchemaAsItIs() throws Exception {
    String url = EmbeddedServer.newDatabase();
    TestStores.open(url, clock).close();

    TestStores.open(url, clock).close();

    assertEquals(Schema.VERSION, recordedVersion(url));
  }

  @Test
  void schemaNewerThanTheProgramIsRefusedWithExit4() throws Exception {
    String url = EmbeddedServer.newDatabase();
    TestStores.open(url, clock).close();
    try (Connection connection = EmbeddedServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO queue_schema (version) VALUES (" + (Schema.VERSION + 1) + ")");
    }

    CorruptStateException error =
        assertThrows(CorruptStateException.class, () -> TestStores.open(url, clock));

    assertEquals(4, error.exitCode());
    assertEquals(
        "schema version "
            + (Schema.VERSION + 1)
            + " is newer than this program ("
            + Schema.VERSION
            + "); upgrade queue",
        error.getMessage());
  }

  @Test
  void theDatabaseWritesIdsAsTheProgramDoes() throws Exception {
    String url = EmbeddedServer.newDatabase();
    TestStores.open(url, clock).close();
    Random random = new Random(7);
    List<Long> keys = new ArrayList<>(List.of(0L, 1L, 31L, 32L, (1L << 40) - 1));
    for (int i = 0; i < 200; i++) {
      keys.add(random.nextLong() & ((1L << 40) - 1));
    }
    try (Connection connection = EmbeddedServer.connect(url);
        PreparedStatement ps = connection.prepareStatement("SELECT queue_id(?)")) {
      for (long key : keys) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(Ids.format(key), rs.getString(1), "key " + key);
        }
      }
    }
  }

  // Version 1 kept a column per transport; version 2 keeps a target. What a version 1 program
  // wrote reads the same way, and the queue goes on from where it was.
  @Test
  void aSchemaOfVersionOneIsMigratedInPlaceWithNothingLost() throws Exception {
    String url = databaseAtVersion(1, VERSION_ONE_ROWS);

    try (QueueStore store = TestStores.open(url, clock)) {
      assertEquals(Schema.VERSION, recordedVersion(url));
      TestAgents on = new TestAgents("vm");
      Instant at = Instant.parse("2025-12-01T00:00:00Z");
      assertEquals(
          List.of(
              on.inbox("alice", "/srv/q/inbox/alice", at),
              on.http("hook", "https://example.org/hook", at)
                  .withTarget(
                      TestAgents.settings(
                              3, Duration.ofSeconds(5), "/etc/hook.key", List.of("X-A: b"))
                          .merged(Target.EMPTY.with("url", "https://example.org/hook")))
                  .withPaused(true),
              on.exec("runner", List.of("/bin/cat", "-u"), at)
                  .withTarget(
                      TestAgents.settings(null, Duration.ofMillis(1500), null, null)
                          .merged(Target.EMPTY.with("exec", List.of("/bin/cat", "-u")))),
              on.pull("puller", at)),
          store.agents().list());
      List<EntryView> entries = store.reports().list(null, null, 0);
      assertEquals(
          List.of("PENDING", "PROCESSING", "DELIVERED", "FAILED"),
          entries.stream().map(v -> v.entry().state().name()).toList());
      assertEquals("lease-owner", entries.get(1).entry().leaseOwner());
      assertEquals("HTTP 500", entries.get(3).entry().lastError());
      assertEquals(7, store.reports().status().totals().delivered());
      assertEquals(
          List.of("one"),
          store.reports().list(EntryState.PENDING, "alice", 0).stream()
              .map(EntryView::body)
              .toList());
      // The queue goes on: the pending entry is claimed; the paused agent keeps its entry.
      clock.advance(Duration.ofHours(1));
      List<List<Claim>> claimed =
          store.leases().claim(ClaimRequest.processor("p", "vm", Duration.ofMinutes(1), 10, 10));
      assertEquals(
          List.of("0000000a"),
          claimed.stream().flatMap(List::stream).map(c -> c.entry().id()).sorted().toList());
    }
  }

  // Version 3 adds groups: what a version 2 program wrote reads the same, every agent in no group,
  // and groups work from there.
  @Test
  void aSchemaOfVersionTwoIsMigratedInPlaceWithItsAgentsInNoGroup() throws Exception {
    String url = databaseAtVersion(2, VERSION_TWO_ROWS);

    try (QueueStore store = TestStores.open(url, clock)) {
      assertEquals(Schema.VERSION, recordedVersion(url));
      TestAgents on = new TestAgents("vm");
      Instant at = Instant.parse("2025-12-01T00:00:00Z");
      assertEquals(
          List.of(
              on.inbox("alice", "/srv/q/inbox/alice", at),
              on.exec("runner", List.of("/bin/cat", "-u"), at).withPaused(true)),
          store.agents().list());
      assertEquals(
          List.of("PENDING", "DELIVERED"),
          store.reports().list(null, null, 0).stream().map(v -> v.entry().state().name()).toList());
      assertEquals(3, store.reports().status().totals().delivered());
      store.agents().change("runner", AgentChange.NONE.joining(List.of("ops")));
      SendResult sent = store.sends().send(SendRequest.to(List.of("@ops"), "me", "to ops"));
      assertEquals(List.of("runner"), sent.recipients());
      assertEquals(List.of("ops"), store.reports().status().agents().get(1).groups());
    }
  }

  private static final String VERSION_TWO_ROWS =
      """
      INSERT INTO queue_agents (name, transport, target, registered_at, host, pinned, paused)
      VALUES
        ('alice', 'inbox', '{"inbox": "/srv/q/inbox/alice"}', '2025-12-01T00:00:00Z', 'vm',
         true, false),
        ('runner', 'exec', '{"exec": ["/bin/cat", "-u"]}', '2025-12-01T00:00:00Z', 'vm',
         false, true);
      INSERT INTO queue_recipients (name) VALUES ('alice'), ('runner');
      INSERT INTO queue_counters (agent, delivered, last_delivered_at)
        VALUES ('runner', 3, '2025-12-31T00:00:00Z');
      INSERT INTO queue_messages (id, sender, body, created_at, recipients)
        VALUES ('00000009', 'me', 'one', '2025-12-31T00:00:00Z', '{alice,runner}');
      INSERT INTO queue_entries
        (id, message_id, recipient, seq, created_at, state, attempts, next_attempt_at,
         delivered_at)
      VALUES
        ('0000000a', '00000009', 'alice', 10, '2025-12-31T00:00:00Z', 'PENDING', 0,
         '2025-12-31T00:00:00Z', NULL),
        ('0000000b', '00000009', 'runner', 11, '2025-12-31T00:00:00Z', 'DELIVERED', 1,
         '2025-12-31T00:00:00Z', '2025-12-31T00:00:00Z');
      UPDATE queue_meta SET last_key = 11;
      """;

  // Version 4 adds threads: every message a version 3 program kept, queued or retired to history,
  // is a thread of its own after the migration, and the queue goes on with replies to either.
  @Test
  void aSchemaOfVersionThreeIsMigratedInPlaceWithEveryMessageItsOwnThread() throws Exception {
    String url = EmbeddedServer.newDatabase();
    try (Connection connection = EmbeddedServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute(resource("migrations/001-initial.sql"));
      statement.execute(resource("migrations/002-targets-and-rules.sql"));
      statement.execute(resource("migrations/003-groups.sql"));
      statement.execute(
          "CREATE TABLE queue_schema (version integer PRIMARY KEY,"
              + " applied_at timestamptz NOT NULL DEFAULT now());"
              + " INSERT INTO queue_schema (version) VALUES (1), (2), (3)");
      statement.execute(VERSION_THREE_ROWS);
    }

    try (QueueStore store = TestStores.open(url, clock)) {
      assertEquals(Schema.VERSION, recordedVersion(url));
      List<Message> messages = store.transfer().exportAll().messages();
      assertEquals(List.of("00000009"), messages.stream().map(Message::id).toList());
      assertEquals("00000009", messages.get(0).threadId());
      assertEquals(null, messages.get(0).inReplyTo());
      assertEquals(
          List.of("PENDING", "FAILED"),
          store.reports().list(null, null, 0).stream().map(v -> v.entry().state().name()).toList());
      assertEquals(
          List.of("alice", "puller"),
          store.reports().message("00000009").orElseThrow().recipients().stream()
              .map(r -> r.recipient())
              .toList());
      assertEquals(List.of("ops"), store.agents().find("alice").orElseThrow().groups());
      ThreadView retired = store.conversations().thread("00000005").orElseThrow();
      assertEquals("00000005", retired.threadId());
      assertEquals(
          List.of(new ThreadView.Recipient("alice", EntryState.DELIVERED)),
          retired.messages().get(0).recipients());
      assertEquals("zero", retired.messages().get(0).body());

      SendResult answer =
          store
              .sends()
              .send(
                  SendRequest.reply(
                      new ReplyTo("00000006", ReplyTo.Audience.SENDER), "alice", "thanks"));

      assertEquals(List.of("puller"), answer.recipients());
      assertEquals("00000005", answer.threadId());
      assertEquals(
          List.of("00000005", answer.messageId()),
          store.conversations().thread("00000005").orElseThrow().messages().stream()
              .map(ThreadView.Item::messageId)
              .toList());
    }
  }

  private static final String VERSION_THREE_ROWS =
      """
      INSERT INTO queue_agents (name, transport, target, registered_at, host, pinned, groups)
      VALUES
        ('alice', 'inbox', '{}', '2025-12-01T00:00:00Z', 'vm', true, '{ops}'),
        ('puller', 'pull', '{}', '2025-12-01T00:00:00Z', 'vm', false, '{}');
      INSERT INTO queue_recipients (name) VALUES ('alice'), ('puller');
      INSERT INTO queue_counters (agent, delivered, last_delivered_at)
        VALUES ('alice', 1, '2025-12-30T00:00:00Z');
      INSERT INTO queue_history
        (entry_id, message_id, recipient, sender, seq, created_at, attempts, next_attempt_at,
         last_error, delivered_at, expires_at, body)
      VALUES
        ('00000006', '00000005', 'alice', 'puller', 6, '2025-12-30T00:00:00Z', 1,
         '2025-12-30T00:00:00Z', NULL, '2025-12-30T00:00:00Z', NULL, 'zero');
      INSERT INTO queue_messages (id, sender, body, created_at, recipients)
        VALUES ('00000009', 'me', 'one', '2025-12-31T00:00:00Z', '{alice,puller}');
      INSERT INTO queue_entries
        (id, message_id, recipient, seq, created_at, state, attempts, next_attempt_at,
         last_error)
      VALUES
        ('0000000a', '00000009', 'alice', 10, '2025-12-31T00:00:00Z', 'PENDING', 0,
         '2025-12-31T00:00:00Z', NULL),
        ('0000000b', '00000009', 'puller', 11, '2025-12-31T00:00:00Z', 'FAILED', 2,
         '2025-12-31T00:00:00Z', 'HTTP 500');
      UPDATE queue_meta SET last_key = 11;
      """;

  private static final String VERSION_ONE_ROWS =
      """
      INSERT INTO queue_agents
        (name, transport, inbox, url, exec, registered_at, host, paused, max_attempts,
         timeout_ms, secret_file, headers)
      VALUES
        ('alice', 'inbox', '/srv/q/inbox/alice', NULL, NULL, '2025-12-01T00:00:00Z', 'vm', false,
         NULL, NULL, NULL, NULL),
        ('hook', 'http', NULL, 'https://example.org/hook', NULL, '2025-12-01T00:00:00Z', 'vm',
         true, 3, 5000, '/etc/hook.key', '{"X-A: b"}'),
        ('runner', 'exec', NULL, NULL, '{/bin/cat,-u}', '2025-12-01T00:00:00Z', 'vm', false,
         NULL, 1500, NULL, NULL),
        ('puller', 'pull', NULL, NULL, NULL, '2025-12-01T00:00:00Z', 'vm', false,
         NULL, NULL, NULL, NULL);
      INSERT INTO queue_recipients (name) VALUES ('alice'), ('hook'), ('runner'), ('puller');
      INSERT INTO queue_counters (agent, delivered, last_delivered_at)
        VALUES ('runner', 7, '2025-12-31T00:00:00Z');
      INSERT INTO queue_messages (id, sender, body, created_at, recipients)
        VALUES ('00000009', 'me', 'one', '2025-12-31T00:00:00Z', '{alice,hook,runner,puller}');
      INSERT INTO queue_entries
        (id, message_id, recipient, seq, created_at, state, attempts, next_attempt_at,
         last_error, delivered_at, lease_owner, lease_token, lease_expires_at)
      VALUES
        ('0000000a', '00000009', 'alice', 10, '2025-12-31T00:00:00Z', 'PENDING', 0,
         '2025-12-31T00:00:00Z', NULL, NULL, NULL, 0, NULL),
        ('0000000b', '00000009', 'hook', 11, '2025-12-31T00:00:00Z', 'PROCESSING', 1,
         '2025-12-31T00:00:00Z', NULL, NULL, 'lease-owner', 4, '2025-12-31T00:01:00Z'),
        ('0000000c', '00000009', 'runner', 12, '2025-12-31T00:00:00Z', 'DELIVERED', 1,
         '2025-12-31T00:00:00Z', NULL, '2025-12-31T00:00:00Z', NULL, 0, NULL),
        ('0000000d', '00000009', 'puller', 13, '2025-12-31T00:00:00Z', 'FAILED', 2,
         '2025-12-31T00:00:00Z', 'HTTP 500', NULL, NULL, 0, NULL);
      UPDATE queue_meta SET last_key = 13;
      """;

  // A new database as a program of schema version {@code version} left it, holding {@code rows}.
  private static String databaseAtVersion(int version, String rows) throws Exception {
    String url = EmbeddedServer.newDatabase();
    try (Connection connection = EmbeddedServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE queue_schema (version integer PRIMARY KEY,"
              + " applied_at timestamptz NOT NULL DEFAULT now())");
      for (int applied = 1; applied <= version; applied++) {
        statement.execute(resource("migrations/" + Schema.migration(applied)));
        statement.execute("INSERT INTO queue_schema (version) VALUES (" + applied + ")");
      }
      statement.execute(rows);
    }
    return url;
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = Schema.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int recordedVersion(String url) throws Exception {
    try (Connection connection = EmbeddedServer.connect(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT max(version) FROM queue_schema")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
