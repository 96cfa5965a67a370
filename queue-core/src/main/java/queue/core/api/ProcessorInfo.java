package queue.core.api;

import java.time.Instant;

/** A running processor: its lease owner name, where it runs and since when. */
public record ProcessorInfo(String owner, String host, long pid, Instant startedAt) {}
