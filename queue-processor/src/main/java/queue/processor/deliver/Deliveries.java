package queue.processor.deliver;

import java.nio.file.Path;
import java.time.Duration;
import queue.core.lease.Claim;
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

  /** The real transports: inboxes under {@code dataDirectory}, HTTP and exec with a timeout. */
  public static Deliveries standard(Path dataDirectory, Duration timeout) {
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
    return new Deliveries(
        new InboxDelivery(dataDirectory),
        new HttpDelivery(connect, timeout),
        new ExecDelivery(timeout));
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
    };
  }
}
