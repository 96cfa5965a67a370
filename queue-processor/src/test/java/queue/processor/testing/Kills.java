package queue.processor.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import queue.core.testing.DeliveryLog;
import queue.core.testing.DeliveryLog.Delivery;

/**
 * The processors a test started and killed, what each held when it died, and which kill each
 * delivery in the agents' logs belongs to. An agent logs its parent as the processor; an agent
 * whose processor was killed while starting it logs init (or another reaper) instead, and is then
 * put down to the last kill before it whose processor held its entry.
 */
public final class Kills {
  /** A processor killed at {@code atMicros} (epoch), holding the leases of {@code held}. */
  public record Kill(long pid, long atMicros, Set<String> held) {}

  private final Set<Long> started = new HashSet<>();
  private final Map<Long, Kill> byPid = new HashMap<>();
  private final List<Kill> inOrder = new ArrayList<>();

  public void started(long pid) {
    started.add(pid);
  }

  public void killed(Kill kill) {
    byPid.put(kill.pid(), kill);
    inOrder.add(kill);
  }

  public int count() {
    return inOrder.size();
  }

  /** Kills of processors that held leases. */
  public long holding() {
    return inOrder.stream().filter(k -> !k.held().isEmpty()).count();
  }

  /** Leases held at all the kills. */
  public int held() {
    return inOrder.stream().mapToInt(k -> k.held().size()).sum();
  }

  /** The kill that ended the processor of {@code delivery}, if it was killed. */
  public Optional<Kill> of(Delivery delivery) {
    if (byPid.containsKey(delivery.pid())) {
      return Optional.of(byPid.get(delivery.pid()));
    }
    if (started.contains(delivery.pid())) {
      return Optional.empty();
    }
    Kill last = null;
    for (Kill kill : inOrder) {
      if (kill.atMicros() < delivery.start() && kill.held().contains(delivery.entryId())) {
        last = kill;
      }
    }
    return Optional.ofNullable(last);
  }

  /** Entries a killed processor held and had started to deliver: what was in flight. */
  public int inFlight(DeliveryLog seen) {
    Set<String> inFlight = new HashSet<>();
    seen.byRecipient().values().stream()
        .flatMap(List::stream)
        .forEach(
            d ->
                of(d)
                    .filter(k -> k.held().contains(d.entryId()))
                    .ifPresent(k -> inFlight.add(k.pid() + " " + d.entryId())));
    return inFlight.size();
  }

  /**
   * Repeated deliveries that are not explained by a kill: the one before came from a processor that
   * was not killed, or whose lease did not cover the entry, or the repeat started before that
   * processor died.
   */
  public List<String> unexplainedRepeats(DeliveryLog seen) {
    List<String> unexplained = new ArrayList<>();
    seen.repeated()
        .forEach(
            (entry, deliveries) -> {
              for (int i = 1; i < deliveries.size(); i++) {
                Optional<Kill> kill = of(deliveries.get(i - 1));
                boolean explained =
                    kill.isPresent()
                        && kill.get().held().contains(entry)
                        && deliveries.get(i).start() > kill.get().atMicros();
                if (!explained) {
                  unexplained.add(entry + " " + deliveries + " after " + kill);
                }
              }
            });
    return unexplained;
  }
}
