package queue.processor.deliver;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import queue.core.api.Claim;
import queue.core.model.Agent;
import queue.core.store.FileOps;

/** Routes each claimed entry to the delivery of its agent's transport. */
public final class Deliveries implements Delivery {
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final Delivery inbox;
  private final Delivery http;
  private final Delivery exec;

  public Deliveries(Delivery inbox, Delivery http, Delivery exec) {
    this.inbox = inbox;
    this.http = http;
    this.exec = exec;
  }

  /**
   * The real transports: inboxes where the store says, written through {@code files}; http
   * connections given at most 5 s of {@code timeout} to open; exec.
   */
  public static Deliveries standard(
      Function<Agent, Path> inboxOf, FileOps files, Duration timeout, Clock clock) {
    Duration connect = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
    return new Deliveries(
        new InboxDelivery(inboxOf, files), new HttpDelivery(connect, clock), new ExecDelivery());
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload, Duration timeout)
      throws InterruptedException {
    Agent agent = claim.agent();
    if (agent == null) {
      return new DeliveryResult.Permanent(
          "agent " + claim.entry().recipient() + " is no longer registered");
    }
    return switch (agent.transport()) {
      case INBOX -> inbox.deliver(claim, payload, timeout);
      case HTTP -> http.deliver(claim, payload, timeout);
      case EXEC -> exec.deliver(claim, payload, timeout);
      case PULL ->
          new DeliveryResult.Permanent(
              "agent "
                  + agent.name()
                  + " is a pull agent: it takes its messages with 'queue receive'");
    };
  }
}
