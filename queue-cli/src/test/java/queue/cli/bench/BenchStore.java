package queue.cli.bench;

import java.util.List;

/** One of the stores under test: new, empty stores of its kind, and its floor. */
interface BenchStore extends AutoCloseable {

  /** "file" or "postgres", for the report. */
  String name();

  /** A new, empty store, as {@code --dir} or {@code --store} names it. */
  String create();

  /** The options that point {@code bin/queue} at {@code location}. */
  List<String> option(String location);

  /** One floor operation, timed: the one durable write every send of this store pays. */
  long floorNanos() throws Exception;

  /** What {@link #floorNanos} does, for the report. */
  String floorName();

  /** Releases the floor's file or connection; unchecked, so that try-with-resources stays plain. */
  @Override
  void close();
}
