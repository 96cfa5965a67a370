package queue.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What exec agents saw, from their own logs: the agent ({@link #writeAgent}) appends "start ID PID
 * TIME" and "end ID PID TIME" for every delivery to a log of its recipient ({@code RECIPIENT.log}),
 * where PID is the processor that ran it and TIME the wall clock in microseconds. Appends of one
 * short line are atomic, so the order of a log's lines is the order of the events.
 */
public final class DeliveryLog {
  /** One delivery: its start and its end (0 if it never ended), in epoch microseconds. */
  public record Delivery(String recipient, String entryId, long pid, long start, long end) {}

  private final Map<String, List<Delivery>> byRecipient;
  private final int overlaps;

  private DeliveryLog(Map<String, List<Delivery>> byRecipient, int overlaps) {
    this.byRecipient = byRecipient;
    this.overlaps = overlaps;
  }

  /**
   * Writes the agent script into {@code dir}: {@code agent.sh LOG [SECONDS]} logs the delivery of
   * the entry JSON on its stdin to LOG, sleeping SECONDS between start and end. Pure bash, so a
   * delivery costs one process.
   */
  public static Path writeAgent(Path dir) {
    Path script = dir.resolve("agent.sh");
    String text =
        String.join(
            "\n",
            "#!/bin/bash",
            "IFS= read -r -d '' json || true",
            "rest=${json#*\\\"id\\\":\\\"}",
            "[ \"$rest\" != \"$json\" ] || exit 3",
            "id=${rest%%\\\"*}",
            "[ -n \"$id\" ] || exit 3",
            "echo \"start $id $PPID ${EPOCHREALTIME//[^0-9]/}\" >> \"$1\"",
            "[ -z \"${2:-}\" ] || sleep \"$2\"",
            "echo \"end $id $PPID ${EPOCHREALTIME//[^0-9]/}\" >> \"$1\"",
            "");
    try {
      Files.createDirectories(dir);
      Files.writeString(script, text, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return script;
  }

  /** The logs in {@code dir}, one {@code RECIPIENT.log} per recipient. */
  public static DeliveryLog read(Path dir) {
    Map<String, List<Delivery>> byRecipient = new TreeMap<>();
    int overlaps = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        String name = file.getFileName().toString();
        Recipient parsed = Recipient.parse(name.substring(0, name.length() - 4), file);
        byRecipient.put(parsed.name, parsed.deliveries);
        overlaps += parsed.overlaps;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DeliveryLog(byRecipient, overlaps);
  }

  /** Every delivery started, by recipient, in the order the log shows them. */
  public Map<String, List<Delivery>> byRecipient() {
    return byRecipient;
  }

  public int starts() {
    return byRecipient.values().stream().mapToInt(List::size).sum();
  }

  /** The entries delivered at least once. */
  public Set<String> delivered() {
    Set<String> ids = new HashSet<>();
    byRecipient.values().forEach(list -> list.forEach(d -> ids.add(d.entryId())));
    return ids;
  }

  /** Deliveries beyond the first of each entry. */
  public int duplicates() {
    return starts() - delivered().size();
  }

  /** Deliveries that started while another to the same recipient was still running. */
  public int overlaps() {
    return overlaps;
  }

  /**
   * First deliveries that came after the first delivery of an entry queued behind them (ids sort in
   * queue order): 0 when every recipient got its entries in queue order.
   */
  public int inversions() {
    int inversions = 0;
    for (List<Delivery> deliveries : byRecipient.values()) {
      String furthest = "";
      Set<String> seen = new HashSet<>();
      for (Delivery delivery : deliveries) {
        if (seen.add(delivery.entryId())) {
          inversions += delivery.entryId().compareTo(furthest) < 0 ? 1 : 0;
          furthest = delivery.entryId().compareTo(furthest) > 0 ? delivery.entryId() : furthest;
        }
      }
    }
    return inversions;
  }

  /** The deliveries of each entry delivered more than once, in the order they started. */
  public Map<String, List<Delivery>> repeated() {
    Map<String, List<Delivery>> byEntry = new TreeMap<>();
    byRecipient
        .values()
        .forEach(
            list ->
                list.forEach(
                    d -> byEntry.computeIfAbsent(d.entryId(), id -> new ArrayList<>()).add(d)));
    byEntry.values().removeIf(list -> list.size() < 2);
    byEntry.values().forEach(list -> list.sort(Comparator.comparingLong(Delivery::start)));
    return byEntry;
  }

  /** The processors (pids) that ran deliveries. */
  public Set<Long> pids() {
    Set<Long> pids = new LinkedHashSet<>();
    byRecipient.values().forEach(list -> list.forEach(d -> pids.add(d.pid())));
    return pids;
  }

  /** One recipient's log: its deliveries, ends matched to starts, and the overlaps seen. */
  private static final class Recipient {
    private final String name;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<String, Integer> running = new HashMap<>();
    private int overlaps;

    private Recipient(String name) {
      this.name = name;
    }

    static Recipient parse(String name, Path file) throws IOException {
      Recipient recipient = new Recipient(name);
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ");
        if (parts.length == 4) {
          recipient.add(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        }
      }
      return recipient;
    }

    private void add(String event, String id, long pid, long micros) {
      String key = id + " " + pid;
      if (event.equals("start")) {
        overlaps += running.isEmpty() ? 0 : 1;
        running.put(key, deliveries.size());
        deliveries.add(new Delivery(name, id, pid, micros, 0));
      } else {
        Integer index = running.remove(key);
        if (index != null) {
          Delivery started = deliveries.get(index);
          deliveries.set(index, new Delivery(name, id, pid, started.start(), micros));
        }
      }
    }
  }
}
