package queue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static queue.cli.AgentsCommandTest.assertRefused;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import queue.core.api.ClaimRequest;
import queue.core.testing.MutableClock;
import tools.jackson.databind.JsonNode;

/** send --delay, --at and --ttl, and paused agents, on an injected clock. */
class ScheduledSendTest {
  // 16:30 local time in Paris (UTC+1 in winter).
  private final MutableClock clock = MutableClock.startingAt("2026-01-15T15:30:00Z");
  private final Cli cli = Cli.inMemory(clock);

  @BeforeEach
  void registerAgents() {
    cli.clock(new ZonedClock(clock, ZoneId.of("Europe/Paris")));
    cli.run("agents", "add", "alice");
    cli.run("agents", "add", "bob");
  }

  private int claimedFor(String agent) {
    return cli
        .store()
        .leases()
        .claim(ClaimRequest.processor("test", "localhost", Duration.ofSeconds(60), 10, 10))
        .stream()
        .flatMap(List::stream)
        .filter(c -> c.entry().recipient().equals(agent))
        .toList()
        .size();
  }

  @Test
  void aDelayedSendIsScheduledAndNotClaimedBeforeItsTime() {
    JsonNode sent = cli.run("send", "--to", "alice", "--delay", "10m", "--json", "later").json();
    assertEquals("2026-01-15T15:40:00Z", sent.get("notBefore").asString());
    JsonNode alice = cli.run("status", "--json").json().get("agents").get(0);
    assertEquals(1, alice.get("pending").asInt());
    assertEquals(1, alice.get("scheduled").asInt());
    assertEquals(0, claimedFor("alice"));

    clock.advance(Duration.ofMinutes(10));
    assertEquals(0, cli.run("status", "--json").json().get("totals").get("scheduled").asInt());
    assertEquals(1, claimedFor("alice"));
  }

  @Test
  void atClockTimeIsTheNextSuchLocalTime() {
    assertEquals("2026-01-15T16:00:00Z", notBefore("--at", "17:00"), "later today, in Paris time");
    assertEquals("2026-01-16T15:00:00Z", notBefore("--at", "16:00"), "passed today: tomorrow");
    assertEquals("2026-01-16T15:30:00Z", notBefore("--at", "16:30"), "this very minute: tomorrow");
  }

  @Test
  void atIsoTimeNeedsAnOffsetAndAFutureTime() {
    assertEquals("2026-01-15T18:00:00Z", notBefore("--at", "2026-01-15T20:00:00+02:00"));
    Object before = cli.state();
    assertRefused(cli.run("send", "--to", "alice", "--at", "2026-01-15T15:00:00Z", "x"), "past");
    assertRefused(cli.run("send", "--to", "alice", "--at", "2026-01-15T18:00", "x"), "offset");
    assertRefused(cli.run("send", "--to", "alice", "--at", "25:00", "x"), "invalid --at");
    assertRefused(
        cli.run("send", "--to", "alice", "--at", "17:00", "--delay", "1m", "x"),
        "--delay and --at cannot be used together");
    assertEquals(before, cli.state());
  }

  @Test
  void ttlMustBePositiveAndOutlastTheDelay() {
    Object before = cli.state();
    assertRefused(cli.run("send", "--to", "alice", "--ttl", "0s", "x"), "--ttl must be longer");
    assertRefused(cli.run("send", "--to", "alice", "--ttl", "-5s", "x"), "invalid duration");
    assertRefused(
        cli.run("send", "--to", "alice", "--delay", "1h", "--ttl", "10m", "x"), "runs out");
    assertEquals(before, cli.state());
  }

  @Test
  void anEntryPastItsTtlIsFailedExpiredAndNeverAttempted() {
    cli.run("send", "--to", "alice", "--ttl", "5m", "short-lived");
    clock.advance(Duration.ofMinutes(6));
    assertEquals(0, claimedFor("alice"));
    JsonNode entry = cli.run("list", "--json").json().get("entries").get(0);
    assertEquals("FAILED", entry.get("state").asString());
    assertEquals("expired", entry.get("lastError").asString());
    assertEquals(0, entry.get("attempts").asInt());
    assertTrue(cli.run("list").out().contains("error: expired"));
  }

  @Test
  void aPausedAgentGetsNothingWhileOthersDoThenItsBacklogInOrder() {
    cli.run("agents", "pause", "alice");
    cli.run("send", "--broadcast", "one");
    cli.run("send", "--broadcast", "two");
    assertEquals(0, claimedFor("alice"));
    assertEquals(2, cli.run("status", "--json").json().get("totals").get("processing").asInt());

    cli.run("agents", "resume", "alice");
    List<String> bodies =
        cli
            .store()
            .leases()
            .claim(ClaimRequest.processor("test", "localhost", Duration.ofSeconds(60), 10, 10))
            .stream()
            .flatMap(List::stream)
            .filter(c -> c.entry().recipient().equals("alice"))
            .map(c -> c.message().body())
            .toList();
    assertEquals(List.of("one", "two"), bodies);
  }

  private String notBefore(String option, String value) {
    Cli.Result sent = cli.run("send", "--to", "alice", option, value, "--json", "x");
    assertEquals(0, sent.exit(), sent.toString());
    Instant at = Instant.parse(sent.json().get("notBefore").asString());
    return at.toString();
  }
}
