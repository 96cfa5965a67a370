package queue.cli.agents;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;
import queue.cli.DurationConverter;
import queue.core.model.AgentSettings;

/** An agent's own delivery settings, as {@code agents add} and {@code agents set} take them. */
public final class SettingsOptions {

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      description = "Attempts before an entry to this agent is FAILED (default: the processor's).")
  Integer maxAttempts;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "http and exec: the deadline of one delivery (default: the processor's).")
  Duration timeout;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description =
          "http: sign each request the Standard Webhooks way with the secret in FILE"
              + " (whsec_BASE64, or the key as text); the secret is never printed.")
  String secretFile;

  @Option(
      names = "--header",
      paramLabel = "HEADER",
      description =
          "http: an extra request header, 'Name: value'; repeatable (set replaces them all).")
  List<String> headers;

  /** The settings given; null fields were not. */
  AgentSettings given() {
    return new AgentSettings(maxAttempts, timeout, secretFile, headers);
  }

  boolean isEmpty() {
    return given().isDefault();
  }
}
