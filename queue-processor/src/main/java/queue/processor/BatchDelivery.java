package queue.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Claim;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Outcome;
import queue.processor.complete.RetryPolicy;
import queue.processor.complete.Settler;
import queue.processor.deliver.Delivery;
import queue.processor.deliver.DeliveryResult;
import queue.processor.deliver.Payload;

/**
 * Delivers one recipient's claimed entries in queue order, one at a time. Each outcome goes to the
 * settler as soon as it is known. An entry that must be retried later ends the batch: the entries
 * behind it are handed back, so none overtakes it. When the processor stops, the entries not yet
 * started are handed back too.
 */
final class BatchDelivery implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);

  /** What every batch of one processor shares. */
  record Context(
      Delivery delivery, RetryPolicy policy, Settler settler, BooleanSupplier stopping) {}

  private final Context context;
  private final List<Claim> batch;
  private final Runnable onFinished;

  BatchDelivery(Context context, List<Claim> batch, Runnable onFinished) {
    this.context = context;
    this.batch = batch;
    this.onFinished = onFinished;
  }

  @Override
  public void run() {
    int next = 0;
    try {
      while (next < batch.size() && !context.stopping().getAsBoolean()) {
        Outcome outcome = deliver(batch.get(next++));
        if (outcome instanceof Outcome.RetryLater) {
          break;
        }
      }
    } catch (InterruptedException e) {
      // Stopped in the middle of a delivery: its result is unknown, so it is handed back.
      next--;
      Thread.currentThread().interrupt();
    } finally {
      handBackFrom(next);
      onFinished.run();
    }
  }

  private Outcome deliver(Claim claim) throws InterruptedException {
    DeliveryResult result;
    try {
      result = context.delivery().deliver(claim, Payload.of(claim).toJson());
    } catch (RuntimeException e) {
      log.error(
          "delivery of entry {} to {} failed unexpectedly",
          claim.entry().id(),
          claim.entry().recipient(),
          e);
      result = new DeliveryResult.Retry("unexpected error: " + e);
    }
    Outcome outcome = context.policy().outcomeOf(claim, result);
    logOutcome(claim, outcome);
    context.settler().complete(new Completion(claim.lease(), outcome));
    return outcome;
  }

  private void handBackFrom(int index) {
    List<LeaseRef> rest = new ArrayList<>();
    for (Claim claim : batch.subList(index, batch.size())) {
      rest.add(claim.lease());
    }
    context.settler().handBack(rest);
  }

  private static void logOutcome(Claim claim, Outcome outcome) {
    String id = claim.entry().id();
    String to = claim.entry().recipient();
    if (outcome instanceof Outcome.RetryLater retry) {
      log.warn(
          "entry {} to {}: attempt {} failed, next at {}: {}",
          id,
          to,
          claim.attempt(),
          retry.nextAttemptAt(),
          retry.error());
    } else if (outcome instanceof Outcome.Failed failed) {
      log.error(
          "entry {} to {}: FAILED at attempt {}: {}", id, to, claim.attempt(), failed.error());
    } else {
      log.info("entry {} to {}: delivered (attempt {})", id, to, claim.attempt());
    }
  }
}
