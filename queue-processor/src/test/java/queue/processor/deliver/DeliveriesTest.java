package queue.processor.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import queue.core.api.Claim;
import queue.core.files.DefaultFileOps;
import queue.core.model.Agent;
import queue.core.model.Target;
import queue.processor.testing.Claims;

/**
 * A store keeps an agent's target as it was given; what a transport needs in it is checked when it
 * is delivered to. A target the processor cannot use fails the entry for good, with a message that
 * names the agent and the field, and nothing is attempted.
 */
class DeliveriesTest {
  @TempDir Path dir;

  @Test
  void execAgentWithoutACommandFailsNamingTheAgentAndTheField() throws Exception {
    Agent bob = Claims.exec("bob", List.of("/bin/true")).withTarget(Target.EMPTY);

    assertFailsNaming(bob, "agent bob: its target's field 'exec'");
  }

  @Test
  void httpAgentWithAnFtpUrlFailsNamingTheAgentAndTheField() throws Exception {
    Agent bob = Claims.http("bob", "ftp://127.0.0.1/in");

    assertFailsNaming(bob, "agent bob: its target's field 'url'");
  }

  @Test
  void agentWithZeroMaxAttemptsFailsNamingTheField() throws Exception {
    Agent alice = Claims.withSettings(Claims.inbox("alice", null), 0, null, null, null);

    assertFailsNaming(alice, "agent alice: its target's field 'maxAttempts'");
  }

  @Test
  void agentWithATimeoutThatIsNoDurationFailsNamingTheField() throws Exception {
    Agent runner = Claims.exec("runner", List.of("/bin/true"));
    Agent broken = runner.withTarget(runner.target().with("timeout", "soon"));

    assertFailsNaming(broken, "agent runner: its target's field 'timeout'");
  }

  @Test
  void agentOfATransportThisProcessorDoesNotKnowFailsNamingIt() throws Exception {
    Agent pigeon = Agent.of("pigeon", "carrier-pigeon", Target.EMPTY, Claims.T0);

    assertFailsNaming(pigeon, "transport 'carrier-pigeon'");
  }

  @Test
  void aProcessorThatFindsAPullAgentFailsItsEntrySayingHowItReceives() throws Exception {
    Agent puller = Agent.of("puller", Agent.PULL, Target.EMPTY, Claims.T0);

    assertFailsNaming(puller, "'queue receive'");
  }

  private void assertFailsNaming(Agent agent, String words) throws Exception {
    Deliveries deliveries =
        Deliveries.standard(dir, new DefaultFileOps(), Duration.ofSeconds(5), Clock.systemUTC());
    Claim claim = Claims.claim(agent, "e-1", "body", 0);

    DeliveryResult result = deliveries.deliver(claim, Payload.of(claim), Duration.ofSeconds(5));

    DeliveryResult.Permanent failed = assertInstanceOf(DeliveryResult.Permanent.class, result);
    assertTrue(failed.error().contains(words), failed.error());
    assertEquals(List.of(), List.of(dir.toFile().list()), "nothing was attempted");
  }
}
