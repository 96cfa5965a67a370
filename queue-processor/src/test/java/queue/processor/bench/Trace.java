package queue.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Spans of a traced processor's work, stamped with System.nanoTime (CLOCK_MONOTONIC on Linux, so
 * comparable with the stamps of another JVM on the same machine). Written out as one line per span:
 * start, end, kind, subject.
 */
final class Trace {
  /** One timed step: a file operation, a store call, a transaction or a wake-up. */
  record Span(long start, long end, String kind, String subject) {
    static Span parse(String line) {
      String[] parts = line.split(" ", 4);
      return new Span(
          Long.parseLong(parts[0]),
          Long.parseLong(parts[1]),
          parts[2],
          parts.length > 3 ? parts[3] : "");
    }
  }

  private final List<Span> spans = new ArrayList<>();

  synchronized void add(long start, String kind, String subject) {
    spans.add(new Span(start, System.nanoTime(), kind, subject));
  }

  synchronized void writeTo(Path file) throws IOException {
    List<String> lines = new ArrayList<>(spans.size());
    for (Span span : spans) {
      lines.add(
          String.format(
              Locale.ROOT, "%d %d %s %s", span.start(), span.end(), span.kind(), span.subject()));
    }
    Files.write(file, lines);
  }

  static List<Span> read(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(Span::parse).toList();
  }
}
