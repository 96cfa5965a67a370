package queue.cli.receive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.ChangeSignal;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Outcome;
import queue.core.api.QueueStore;
import queue.core.documents.AgentMessage;

/**
 * Claims a pull agent's due entries, prints each, and settles DELIVERED only what stdout took. An
 * entry whose printing failed stays PROCESSING (its lease runs out and it is due again, ahead of
 * what follows it); entries claimed after it are handed back at once. Waits on the store's change
 * signal, with a poll as the fallback.
 */
final class Receiver {
  private static final int BATCH = 100;
  private static final Duration POLL = Duration.ofMillis(500);

  private final QueueStore store;
  private final Request request;
  private final MessagePrinter printer;
  private final Clock clock;
  private long received;

  /**
   * @param limit at most this many in all; 0 for no limit
   * @param firstWait how long to wait for a first message; null to take only what is due now
   */
  record Request(
      String agent, String owner, Duration lease, int limit, boolean follow, Duration firstWait) {}

  /** How a run ended. */
  enum Ending {
    RECEIVED,
    NOTHING_CAME,
    OUTPUT_FAILED
  }

  Receiver(QueueStore store, Request request, MessagePrinter printer, Clock clock) {
    this.store = store;
    this.request = request;
    this.printer = printer;
    this.clock = clock;
  }

  Ending run() throws InterruptedException {
    Instant deadline =
        request.firstWait() == null ? null : clock.instant().plus(request.firstWait());
    // Watched only by a run that may wait (a watch costs a cold start a thread and more); a run
    // that takes what is due now returns before it would wait, so it never uses the null.
    boolean mayWait = deadline != null || request.follow();
    try (ChangeSignal changes = mayWait ? new ChangeSignal(store.changes()) : null) {
      while (!limitReached()) {
        // Checked before a claim, which would take the lock: a signal ends the run between
        // messages, never in the middle of one.
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        List<Claim> batch = claim();
        if (!batch.isEmpty()) {
          if (!printAndSettle(batch)) {
            return Ending.OUTPUT_FAILED;
          }
          continue;
        }
        boolean waitingForFirst = deadline != null && received == 0;
        if (waitingForFirst && !clock.instant().isBefore(deadline)) {
          return Ending.NOTHING_CAME;
        }
        if (!request.follow() && !waitingForFirst) {
          return Ending.RECEIVED;
        }
        changes.await(
            waitingForFirst ? shorter(Duration.between(clock.instant(), deadline)) : POLL);
      }
      return Ending.RECEIVED;
    }
  }

  private boolean limitReached() {
    return request.limit() > 0 && received >= request.limit();
  }

  private List<Claim> claim() {
    int want = request.limit() == 0 ? BATCH : (int) Math.min(BATCH, request.limit() - received);
    ClaimRequest claim =
        ClaimRequest.receiver(request.owner(), request.agent(), request.lease(), want);
    List<Claim> claims = new ArrayList<>();
    for (List<Claim> batch : store.leases().claim(claim)) {
      claims.addAll(batch);
    }
    return claims;
  }

  private boolean printAndSettle(List<Claim> batch) {
    List<Completion> delivered = new ArrayList<>(batch.size());
    int printed = 0;
    boolean ok = true;
    while (printed < batch.size() && ok) {
      Claim claim = batch.get(printed);
      ok = printer.print(ShownMessage.of(AgentMessage.of(claim)));
      if (ok) {
        delivered.add(new Completion(claim.lease(), new Outcome.Delivered()));
        printed++;
      }
    }
    store.leases().settle(delivered);
    received += delivered.size();
    if (!ok) {
      List<LeaseRef> unprinted =
          batch.subList(printed + 1, batch.size()).stream().map(Claim::lease).toList();
      store.leases().handBack(unprinted);
    }
    return ok;
  }

  private static Duration shorter(Duration left) {
    return left.compareTo(POLL) < 0 ? left : POLL;
  }
}
