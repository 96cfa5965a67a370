package queue.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A registered agent and its transport.
 *
 * @param inbox for INBOX: the delivery directory, or null for {@code inbox/NAME} in the data
 *     directory
 * @param url for HTTP: the http(s) URL entries are POSTed to
 * @param exec for EXEC: the argv run for each entry, never through a shell
 */
public record Agent(
    String name,
    Transport transport,
    String inbox,
    String url,
    List<String> exec,
    Instant registeredAt) {

  public Agent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(registeredAt, "registeredAt");
    exec = exec == null ? null : List.copyOf(exec);
  }

  /** Where this agent's entries go, in words: for listings and messages. */
  public String target() {
    return switch (transport) {
      case INBOX -> inbox == null ? "inbox/" + name : inbox;
      case HTTP -> url;
      case EXEC -> String.join(" ", exec);
    };
  }
}
