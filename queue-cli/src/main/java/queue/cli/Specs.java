package queue.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The pieces every command builds its part of the command model from, with picocli's programmatic
 * API: reading the model from annotations (annotation proxies, reflection on every field) was the
 * largest part of a cold start. Help, completion, suggestions and usage errors all come from the
 * one model the commands build. A command reads its values from its own option specs after parsing
 * ({@code OptionSpec.getValue()}); flags start false and numbers 0.
 */
public final class Specs {
  private static final DurationConverter DURATIONS = new DurationConverter();

  private Specs() {}

  /**
   * A command that runs {@code command}, with -h/--help and -V/--version added after its own
   * options (as picocli's standard help options are), a description (its first line is the summary)
   * and examples.
   */
  public static CommandSpec command(
      Callable<Integer> command, String name, String[] description, String... examples) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
    spec.usageMessage().description(description).footerHeading("%nExamples:%n").footer(examples);
    return spec;
  }

  /**
   * Adds -h/--help and -V/--version, as picocli's standard help options are (same text, same
   * description keys); call after adding the command's own options.
   */
  public static CommandSpec withHelp(CommandSpec spec) {
    return spec.addOption(
            OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .type(boolean.class)
                .initialValue(false)
                .descriptionKey("mixinStandardHelpOptions.help")
                .description("Show this help message and exit.")
                .build())
        .addOption(
            OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .type(boolean.class)
                .initialValue(false)
                .descriptionKey("mixinStandardHelpOptions.version")
                .description("Print version information and exit.")
                .build());
  }

  /** An option without a value: false unless given. */
  public static OptionSpec flag(String name, String description) {
    return OptionSpec.builder(name)
        .type(boolean.class)
        .initialValue(false)
        .description(description)
        .build();
  }

  /** An option with a text value: null unless given. */
  public static OptionSpec text(String name, String label, String description) {
    return OptionSpec.builder(name)
        .type(String.class)
        .paramLabel(label)
        .description(description)
        .build();
  }

  /** An option with a whole number: 0 unless given. */
  public static OptionSpec number(String name, String label, String description) {
    return OptionSpec.builder(name)
        .type(int.class)
        .initialValue(0)
        .paramLabel(label)
        .description(description)
        .build();
  }

  /** An option with a duration as users type them ({@code 500ms}, {@code 10s}). */
  public static OptionSpec.Builder duration(String name, String description) {
    return OptionSpec.builder(name)
        .type(Duration.class)
        .converters(DURATIONS)
        .paramLabel("DURATION")
        .description(description);
  }

  /** A positional parameter at {@code index} with a text value that may be left out: null then. */
  public static PositionalParamSpec optionalParameter(
      String index, String label, String description) {
    return PositionalParamSpec.builder()
        .index(index)
        .arity("0..1")
        .type(String.class)
        .paramLabel(label)
        .description(description)
        .build();
  }

  /** A required positional parameter at {@code index} with a text value. */
  public static PositionalParamSpec parameter(String index, String label, String description) {
    return PositionalParamSpec.builder()
        .index(index)
        .required(true)
        .type(String.class)
        .paramLabel(label)
        .description(description)
        .build();
  }
}
