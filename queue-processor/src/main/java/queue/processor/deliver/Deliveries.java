package queue.processor.deliver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import queue.core.api.Claim;
import queue.core.model.Agent;

/** Routes each claimed entry to the delivery of its agent's transport. */
public final class Deliveries implements Delivery {
  private final Delivery inbox;
  private final Delivery http;
  private final Delivery exec;

  public Deliveries(Delivery inbox, Delivery http, Delivery exec) {
    this.inbox = inbox;
    this.http = http;
    this.exec = exec;
  }

  /** The real transports: inboxes where the store says, HTTP and exec with a timeout. */
  public static Deliveries standard(Function<Agent, Path> inboxOf, Duration timeout) {
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
    return new Deliveries(
        new InboxDelivery(inboxOf), new HttpDelivery(connect, timeout), new ExecDelivery(timeout));
  }

  @Override
  public DeliveryResult deliver(Claim claim, byte[] payload) throws InterruptedException {
    Agent agent = claim.agent();
    if (agent == null) {
      return new DeliveryResult.Permanent(
          "agent " + claim.entry().recipient() + " is no longer registered");
    }
    return switch (agent.transport()) {
      case INBOX -> inbox.deliver(claim, payload);
      case HTTP -> http.deliver(claim, payload);
      case EXEC -> exec.deliver(claim, payload);
      case PULL ->
          new DeliveryResult.Permanent(
              "agent "
                  + agent.name()
                  + " is a pull agent: it takes its messages with 'queue receive'");
    };
  }
}
