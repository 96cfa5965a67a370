package queue.core.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import queue.core.model.Agent;
import queue.core.testing.TestAgents;

/** Where an inbox agent's files go: the one layout the processor and {@code queue inbox} share. */
class InboxTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final TestAgents AGENTS = new TestAgents("test-host");

  @Test
  void inboxAgentWithoutAnInboxOfItsOwnGetsOneUnderTheRoot() {
    Path dir = Path.of("queue");
    Agent alice = AGENTS.inbox("alice", null, NOW);
    Agent bob = AGENTS.inbox("bob", "/srv/bob/in", NOW);

    Inbox alices = Inbox.of(alice, dir);
    Inbox bobs = Inbox.of(bob, dir);

    assertEquals(dir.toAbsolutePath().resolve("inbox").resolve("alice"), alices.directory());
    assertTrue(alices.isDefault());
    assertEquals(dir.toAbsolutePath(), alices.root());
    assertEquals(Path.of("/srv/bob/in"), bobs.directory());
    assertFalse(bobs.isDefault());
  }

  @Test
  void layoutIsTheMaildirOne() {
    Inbox inbox = Inbox.of(AGENTS.inbox("bob", "/srv/bob/in", NOW), Path.of("queue"));

    assertEquals(Path.of("/srv/bob/in/tmp"), inbox.tmp());
    assertEquals(Path.of("/srv/bob/in/new"), inbox.unread());
    assertEquals(Path.of("/srv/bob/in/cur"), inbox.read());
    assertEquals("0e2mf874.json", Inbox.fileName("0e2mf874"));
  }

  @Test
  void rootIsTheFileStoresDirectoryOrThisHostsDataDirectoryForAServer() {
    assertEquals(Path.of("/srv/queue"), Inbox.rootFor("/srv/queue", null, Map.of()));
    assertEquals(
        Path.of("/var/lib/queue"),
        Inbox.rootFor("postgresql://db/queue", null, Map.of("QUEUE_DIR", "/var/lib/queue")));
    assertEquals(
        Path.of("/srv/in"),
        Inbox.rootFor("postgresql://db/queue", "/srv/in", Map.of("QUEUE_DIR", "/var/lib/queue")));
    assertEquals(Path.of("message_queue"), Inbox.rootFor("postgresql://db/queue", null, Map.of()));
  }
}
