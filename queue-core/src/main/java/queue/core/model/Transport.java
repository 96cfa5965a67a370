package queue.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the processor reaches an agent, chosen at registration. */
public enum Transport {
  @JsonProperty("inbox")
  INBOX,
  @JsonProperty("http")
  HTTP,
  @JsonProperty("exec")
  EXEC;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
