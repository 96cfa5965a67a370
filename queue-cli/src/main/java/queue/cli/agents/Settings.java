package queue.cli.agents;

import java.time.Duration;
import java.util.List;
import queue.core.Durations;
import queue.core.error.InvalidInputException;
import queue.core.model.Target;

/**
 * An agent's own delivery settings, as {@code agents add} and {@code agents set} take them and
 * {@code agents list} shows them; a null field means the processor's default. They live in the
 * agent's target, where the processor reads them: {@code maxAttempts} (a number), {@code timeout}
 * (a duration as users type it), {@code secretFile} and {@code headers} (texts).
 *
 * @param maxAttempts attempts before an entry to this agent is FAILED
 * @param timeout the deadline of one http or exec delivery
 * @param secretFile a file holding the http signing secret (Standard Webhooks); the secret itself
 *     is never stored or printed
 * @param headers extra http request headers, each {@code Name: value}
 */
public record Settings(
    Integer maxAttempts, Duration timeout, String secretFile, List<String> headers) {

  static final String MAX_ATTEMPTS = "maxAttempts";
  static final String TIMEOUT = "timeout";
  static final String SECRET_FILE = "secretFile";
  static final String HEADERS = "headers";

  public static final Settings NONE = new Settings(null, null, null, null);

  public Settings {
    headers = headers == null || headers.isEmpty() ? null : List.copyOf(headers);
  }

  /** The settings kept in {@code target}; a value the command line cannot read counts as unset. */
  public static Settings of(Target target) {
    return new Settings(
        target.integer(MAX_ATTEMPTS),
        durationOrNull(target.text(TIMEOUT)),
        target.text(SECRET_FILE),
        target.texts(HEADERS));
  }

  /** These settings as the target fields they set; fields left unset are not in it. */
  public Target asTarget() {
    return Target.EMPTY
        .with(MAX_ATTEMPTS, maxAttempts)
        .with(TIMEOUT, timeout == null ? null : Durations.format(timeout))
        .with(SECRET_FILE, secretFile)
        .with(HEADERS, headers);
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  public List<String> headerList() {
    return headers == null ? List.of() : headers;
  }

  private static Duration durationOrNull(String text) {
    try {
      return text == null ? null : Durations.parse(text);
    } catch (InvalidInputException e) {
      return null;
    }
  }
}
