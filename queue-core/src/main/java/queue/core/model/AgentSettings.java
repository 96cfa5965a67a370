package queue.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.List;

/**
 * An agent's own delivery settings; a null field means the processor's default.
 *
 * @param maxAttempts attempts before an entry to this agent is FAILED
 * @param timeout the deadline of one http or exec delivery
 * @param secretFile a file holding the http signing secret (Standard Webhooks); the secret itself
 *     is never stored or printed
 * @param headers extra http request headers, each {@code Name: value}
 */
public record AgentSettings(
    Integer maxAttempts, Duration timeout, String secretFile, List<String> headers) {

  public static final AgentSettings DEFAULTS = new AgentSettings(null, null, null, null);

  public AgentSettings {
    headers = headers == null || headers.isEmpty() ? null : List.copyOf(headers);
  }

  /** These settings with every non-null field of {@code change} taking its place. */
  public AgentSettings with(AgentSettings change) {
    return new AgentSettings(
        change.maxAttempts != null ? change.maxAttempts : maxAttempts,
        change.timeout != null ? change.timeout : timeout,
        change.secretFile != null ? change.secretFile : secretFile,
        change.headers != null ? change.headers : headers);
  }

  public List<String> headerList() {
    return headers == null ? List.of() : headers;
  }

  // Not a property: an export writes the agent's settings as they are, and reads them back.
  @JsonIgnore
  public boolean isDefault() {
    return equals(DEFAULTS);
  }
}
