package queue.cli;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * {@code queue gen-manpage --outdir DIR}, hidden: picocli's ManPageGenerator writes an AsciiDoc man
 * page for queue and for each of its commands, from the same model that --help prints, so the pages
 * never drift from it. The release archive's build turns them into man pages.
 */
public final class ManPagesCommand implements Callable<Integer> {
  static final String NAME = "gen-manpage";

  private final CommandSpec spec;
  private final OptionSpec outdir =
      OptionSpec.builder("--outdir")
          .type(String.class)
          .paramLabel("DIR")
          .required(true)
          .description("Where to write queue.adoc and one queue-COMMAND.adoc per command.")
          .build();

  public ManPagesCommand() {
    spec =
        Specs.withHelp(
            Specs.command(
                    this,
                    NAME,
                    new String[] {"Write queue's man pages as AsciiDoc (for the release build)."},
                    "  queue gen-manpage --outdir target/man-adoc")
                .addOption(outdir));
    spec.usageMessage().hidden(true);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    File directory = new File(outdir.<String>getValue());
    return ManPageGenerator.generateManPage(directory, null, new boolean[0], true, spec.root());
  }
}
