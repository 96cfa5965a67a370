package queue.processor.deliver;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import queue.core.api.Claim;
import queue.core.files.FileOps;
import queue.core.inbox.Inbox;
import queue.core.model.Agent;

/**
 * Routes each claimed entry to the delivery of its agent's transport, by the transport's label. An
 * agent whose transport this processor does not deliver, or whose settings it cannot read, fails
 * for good with a message that names it.
 */
public final class Deliveries implements Delivery {
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, Delivery> byTransport;

  /**
   * @param byTransport the delivery of each transport label
   */
  public Deliveries(Map<String, Delivery> byTransport) {
    this.byTransport = Map.copyOf(byTransport);
  }

  /**
   * The real transports: inboxes under {@code inboxRoot} unless an agent names its own, written
   * through {@code files}; http connections given at most 5 s of {@code timeout} to open; exec.
   */
  public static Deliveries standard(Path inboxRoot, FileOps files, Duration timeout, Clock clock) {
    Duration connect = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
    return new Deliveries(
        Map.of(
            Inbox.TRANSPORT, new InboxDelivery(inboxRoot, files),
            HttpDelivery.TRANSPORT, new HttpDelivery(connect, clock),
            ExecDelivery.TRANSPORT, new ExecDelivery()));
  }

  @Override
  public void prepare(Claim claim, byte[] payload) {
    Delivery delivery = deliveryOf(claim.agent());
    if (delivery != null && AgentSettings.problemOf(claim.agent()) == null) {
      delivery.prepare(claim, payload);
    }
  }

  @Override
  public void discard(Claim claim) {
    Delivery delivery = deliveryOf(claim.agent());
    if (delivery != null) {
      delivery.discard(claim);
    }
  }

  private Delivery deliveryOf(Agent agent) {
    return agent == null || agent.isPull() ? null : byTransport.get(agent.transport());
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout)
      throws InterruptedException {
    Agent agent = claim.agent();
    if (agent == null) {
      return new DeliveryResult.Permanent(
          "agent " + claim.entry().recipient() + " is no longer registered");
    }
    if (agent.isPull()) {
      return new DeliveryResult.Permanent(
          "agent " + agent.name() + " is a pull agent: it takes its messages with 'queue receive'");
    }
    Delivery delivery = byTransport.get(agent.transport());
    if (delivery == null) {
      return new DeliveryResult.Permanent(
          "agent "
              + agent.name()
              + " has transport '"
              + agent.transport()
              + "', which this processor does not deliver");
    }
    String problem = AgentSettings.problemOf(agent);
    return problem != null
        ? new DeliveryResult.Permanent(problem)
        : delivery.deliver(claim, payload, timeout);
  }
}
