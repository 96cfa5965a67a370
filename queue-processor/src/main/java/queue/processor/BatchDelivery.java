package queue.processor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import queue.core.api.Claim;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Outcome;
import queue.processor.claim.HeldBatch;
import queue.processor.claim.LeaseKeeper;
import queue.processor.complete.Settler;
import queue.processor.deliver.DeliveryResult;
import queue.processor.deliver.ErrorText;
import queue.processor.deliver.Payload;

/**
 * Delivers the next of one recipient's claimed entries, in queue order, on a worker. Before the
 * delivery the lease keeper confirms that the store still holds that entry's lease; one it no
 * longer holds (taken over after this processor stalled past its lease) ends the batch, and only
 * what is still held is handed back. An entry whose TTL ran out before its delivery began is
 * expired, not attempted. The outcome goes to the settler at once, and the batch then waits: the
 * loop hands it to a worker again once that outcome is saved (and the agent is still as it was
 * claimed), so a batch never has more than one entry whose outcome is not in the store. While that
 * outcome is saved, the worker prepares the next delivery (what of it the agent cannot see, such as
 * the inbox's temp file), so the save and the next delivery's first half overlap. An entry that
 * must be retried later ends the batch: the entries behind it are handed back, so none overtakes
 * it. When the processor stops, the entries not yet started are handed back too.
 */
final class BatchDelivery implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);

  /** What every batch of one processor shares. */
  record Context(
      DeliveryRules rules, Settler settler, LeaseKeeper keeper, StoreHealth health, Clock clock) {}

  /** The loop a batch reports to. */
  interface Owner {
    boolean isStopping();

    /** An outcome or hand-back waits to be saved. */
    void progressed();

    void finished(HeldBatch batch);
  }

  private final Context context;
  private final HeldBatch batch;
  private final Owner owner;

  BatchDelivery(Context context, HeldBatch batch, Owner owner) {
    this.context = context;
    this.batch = batch;
    this.owner = owner;
  }

  @Override
  public void run() {
    List<Claim> claims = batch.claims();
    int index = batch.next();
    Claim prepared = batch.takePrepared();
    boolean goesOn = false;
    try {
      if (index < claims.size() && !owner.isStopping() && holds(claims.get(index))) {
        Claim claim = claims.get(index);
        Outcome outcome;
        if (isExpired(claim)) {
          outcome = expire(claim);
        } else {
          prepared = null; // the delivery takes it
          outcome = deliver(index, claim);
        }
        batch.finished(index);
        goesOn = index + 1 < claims.size() && !(outcome instanceof Outcome.RetryLater);
        if (goesOn) {
          batch.awaitSaveOf(claim.entry().id());
        }
        owner.progressed();
        if (goesOn) {
          prepare(claims.get(index + 1));
        }
      }
    } catch (InterruptedException e) {
      // Stopped in the middle of a delivery: its result is unknown, so it is handed back.
      Thread.currentThread().interrupt();
    } finally {
      if (prepared != null) {
        discard(context.rules(), prepared);
      }
      if (!goesOn) {
        handBackRest();
        owner.finished(batch);
      }
    }
  }

  // While the loop saves the outcome just reported, what of the next delivery the agent cannot
  // see yet is done (the inbox's temp file written and fsynced): the two overlap, and the next
  // delivery still starts only after the save.
  private void prepare(Claim next) {
    Claim prepared = null;
    try {
      context.rules().delivery().prepare(next, Payload.of(next));
      prepared = next;
    } catch (RuntimeException e) {
      log.debug("preparing entry {}: {}", next.entry().id(), ErrorText.describe(e));
    } finally {
      batch.prepared(prepared);
      owner.progressed();
    }
  }

  /** Removes what was prepared for {@code claim}, whose delivery will not go on now. */
  static void discard(DeliveryRules rules, Claim claim) {
    try {
      rules.delivery().discard(claim);
    } catch (RuntimeException e) {
      log.debug("discarding entry {}: {}", claim.entry().id(), ErrorText.describe(e));
    }
  }

  private boolean holds(Claim claim) {
    try {
      if (context.keeper().confirm(batch, claim)) {
        return true;
      }
      log.warn(
          "entry {} to {}: this processor no longer holds its lease (another claim took it"
              + " over); stopping the batch before it",
          claim.entry().id(),
          claim.entry().recipient());
    } catch (RuntimeException e) {
      context.health().failed(e);
    }
    return false;
  }

  private boolean isExpired(Claim claim) {
    Instant expiresAt = claim.entry().expiresAt();
    return expiresAt != null && !expiresAt.isAfter(context.clock().instant());
  }

  private Outcome expire(Claim claim) {
    log.warn(
        "entry {} to {}: its TTL ran out before its delivery began; FAILED (expired)",
        claim.entry().id(),
        claim.entry().recipient());
    Outcome expired = new Outcome.Expired();
    context.settler().complete(new Completion(claim.lease(), expired));
    return expired;
  }

  private Outcome deliver(int index, Claim claim) throws InterruptedException {
    DeliveryRules rules = context.rules();
    Duration timeout = rules.timeoutOf(claim);
    Instant started = context.clock().instant();
    batch.started(index, started.plus(timeout));
    DeliveryResult result;
    try {
      result = rules.delivery().deliver(claim, Payload.of(claim), timeout);
    } catch (RuntimeException e) {
      log.error(
          "delivery of entry {} to {} failed unexpectedly: {}",
          claim.entry().id(),
          claim.entry().recipient(),
          ErrorText.describe(e));
      result = new DeliveryResult.Retry("unexpected error: " + ErrorText.describe(e));
    }
    Outcome outcome = rules.policy().outcomeOf(claim, result);
    logOutcome(claim, outcome);
    rules
        .listener()
        .deliveryFinished(
            claim.entry().recipient(),
            claim.agent() == null ? null : claim.agent().transport(),
            outcome,
            Duration.between(started, context.clock().instant()));
    context.settler().complete(new Completion(claim.lease(), outcome));
    return outcome;
  }

  private void handBackRest() {
    List<LeaseRef> rest = batch.unfinished();
    if (!rest.isEmpty()) {
      context.settler().handBack(rest);
      owner.progressed();
    }
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
