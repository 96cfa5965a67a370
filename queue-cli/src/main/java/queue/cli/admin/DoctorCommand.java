package queue.cli.admin;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.CliContext;
import queue.cli.Json;
import queue.cli.Specs;
import queue.cli.Table;
import queue.core.api.Diagnosis;
import queue.core.api.Diagnosis.Finding;
import queue.core.api.Diagnosis.Level;
import queue.core.api.Stores;
import queue.core.error.ExitCode;

/** {@code queue doctor}: checks the store and says how to repair what it finds. */
public final class DoctorCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec json =
      Specs.flag(
          "--json", "Print {\"healthy\", \"problems\", \"warnings\", \"findings\", \"files\"}.");

  public DoctorCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "doctor",
            new String[] {
              "Check the store and say how to repair what is found.",
              "For a data directory: the lock and its holder, leftover temp files (removed),"
                  + " queue.json and agents.json (with the commands that restore the last good"
                  + " generation NAME.1 if one is damaged), whether a save can write (a read-only"
                  + " file system, a full disk), stuck leases, running processors, file sizes.",
              "Exit 0 healthy (warnings allowed; no processor running is a warning), 1 problems"
                  + " found (a damaged state file among them)."
            },
            "  queue doctor",
            "  queue doctor --dir /srv/queue --json");
    Specs.withHelp(spec.addOption(json));
  }

  public CommandSpec spec() {
    return spec;
  }

  record FindingJson(String check, String level, String message, List<String> fix) {}

  record DoctorJson(
      String directory,
      boolean healthy,
      long problems,
      long warnings,
      List<FindingJson> findings,
      List<Diagnosis.Size> files) {}

  @Override
  public Integer call() {
    Checkup.Report report =
        new Checkup(context.reader(), context.environment().clock().instant()).run();
    long problems = report.count(Level.PROBLEM);
    PrintWriter out = spec.commandLine().getOut();
    boolean asJson = json.getValue();
    if (asJson) {
      Json.print(out, toJson(report, problems));
    } else {
      print(out, report, problems);
    }
    // A damaged state file is a problem doctor found, not a refusal: the contract's 1, not 4.
    return problems > 0 ? ExitCode.FAILED.code() : ExitCode.OK.code();
  }

  private static DoctorJson toJson(Checkup.Report report, long problems) {
    return new DoctorJson(
        report.location(),
        problems == 0,
        problems,
        report.count(Level.WARNING),
        report.findings().stream()
            .map(
                f ->
                    new FindingJson(
                        f.check(), f.level().name().toLowerCase(Locale.ROOT), f.message(), f.fix()))
            .toList(),
        report.sizes());
  }

  private static void print(PrintWriter out, Checkup.Report report, long problems) {
    out.println("queue doctor: " + report.location());
    for (Finding finding : report.findings()) {
      out.printf(
          "  %-8s %-12s %s%n",
          finding.level().name().toLowerCase(Locale.ROOT), finding.check(), finding.message());
      for (String step : finding.fix()) {
        out.println("           fix: " + step);
      }
    }
    // A database store's sizes are its tables'.
    out.println(Stores.isUrl(report.location()) ? "tables:" : "files:");
    Table table = new Table("  NAME", "BYTES#");
    report.sizes().forEach(f -> table.row("  " + f.name(), f.bytes()));
    table.print(out);
    long warnings = report.count(Level.WARNING);
    out.println(
        problems == 0
            ? "healthy"
                + (warnings == 0
                    ? ""
                    : warnings == 1 ? " (1 warning)" : " (" + warnings + " warnings)")
            : problems + (problems == 1 ? " problem found" : " problems found"));
    out.flush();
  }
}
