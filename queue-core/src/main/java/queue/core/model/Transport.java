package queue.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How an agent receives its entries, chosen at registration. */
public enum Transport {
  /** Files in the agent's inbox directory, written by a processor on the agent's host. */
  @JsonProperty("inbox")
  INBOX,
  /** A POST to the agent's URL. */
  @JsonProperty("http")
  HTTP,
  /** The agent's command, run with the entry on stdin. */
  @JsonProperty("exec")
  EXEC,
  /** Nothing is pushed: the agent takes its entries with {@code queue receive}. */
  @JsonProperty("pull")
  PULL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when a processor delivers to agents of this transport. */
  public boolean isPushed() {
    return this != PULL;
  }
}
