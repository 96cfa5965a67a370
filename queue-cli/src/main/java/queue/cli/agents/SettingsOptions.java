package queue.cli.agents;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.Specs;

/** An agent's own delivery settings, as {@code agents add} and {@code agents set} take them. */
final class SettingsOptions {
  private final OptionSpec maxAttempts =
      OptionSpec.builder("--max-attempts")
          .type(Integer.class)
          .paramLabel("N")
          .description(
              "Attempts before an entry to this agent is FAILED (default: the processor's).")
          .build();

  private final OptionSpec timeout =
      Specs.duration(
              "--timeout",
              "http and exec: the deadline of one delivery (default: the processor's).")
          .build();

  private final OptionSpec secretFile =
      Specs.text(
          "--secret-file",
          "FILE",
          "http: sign each request the Standard Webhooks way with the secret in FILE"
              + " (whsec_BASE64, or the key as text); the secret is never printed.");

  private final OptionSpec headers =
      OptionSpec.builder("--header")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .paramLabel("HEADER")
          .description(
              "http: an extra request header, 'Name: value'; repeatable (set replaces them all).")
          .build();

  /** Adds these options to {@code spec}. */
  CommandSpec addTo(CommandSpec spec) {
    return spec.addOption(maxAttempts).addOption(timeout).addOption(secretFile).addOption(headers);
  }

  /** The settings given; null fields were not. */
  Settings given() {
    return new Settings(
        maxAttempts.getValue(), timeout.getValue(), secretFile.getValue(), headers.getValue());
  }

  boolean isEmpty() {
    return given().isEmpty();
  }
}
