package queue.cli.report;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Specs;
import queue.core.api.ThreadView;
import queue.core.error.Refusals;

/** {@code queue thread ID [--json]}: every message of a thread, oldest first. Takes no lock. */
public final class ThreadCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec id =
      Specs.parameter("0", "ID", "A message of the thread: its id, or one of its entries' ids.");
  private final OptionSpec json =
      Specs.flag(
          "--json",
          "Print {\"threadId\", \"messages\": [{\"messageId\", \"inReplyTo\", \"from\","
              + " \"createdAt\", \"body\", \"recipients\": [{\"recipient\", \"state\"}]}]}.");

  public ThreadCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "thread",
            new String[] {
              "Print every message of a thread, oldest first, with each recipient's state.",
              "The thread is that of message ID (a message id or an entry id); messages that"
                  + " retention moved to history are included, their recipients DELIVERED. Each"
                  + " message: a line with its id, time (UTC), sender, recipients and states, and"
                  + " the message it answers, then its body indented by two spaces."
            },
            "  queue thread 0e2mf874",
            "  queue thread 0e2mf876 --json | jq -r '.messages[].body'",
            "",
            "Exit codes: 0 ok; 2 no message or entry with that id; 4 corrupt state; 6 store"
                + " unreachable.");
    Specs.withHelp(spec.addPositional(id).addOption(json));
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    String typed = id.getValue();
    ThreadView thread =
        context
            .reader()
            .conversations()
            .thread(typed)
            .orElseThrow(() -> Refusals.noSuchMessage(typed));
    PrintWriter out = spec.commandLine().getOut();
    if (json.getValue()) {
      out.println(ThreadJson.of(thread));
      out.flush();
      return 0;
    }
    for (ThreadView.Item message : thread.messages()) {
      out.println(heading(message));
      for (String line : message.body().split("\r?\n", -1)) {
        out.println("  " + line);
      }
    }
    out.flush();
    return 0;
  }

  private static String heading(ThreadView.Item message) {
    StringBuilder line =
        new StringBuilder()
            .append(message.messageId())
            .append("  ")
            .append(message.createdAt().truncatedTo(ChronoUnit.SECONDS))
            .append("  from ")
            .append(message.from())
            .append("  to ");
    for (int i = 0; i < message.recipients().size(); i++) {
      ThreadView.Recipient recipient = message.recipients().get(i);
      line.append(i == 0 ? "" : ", ").append(recipient.recipient()).append(' ');
      line.append(recipient.state());
    }
    if (message.inReplyTo() != null) {
      line.append("  in reply to ").append(message.inReplyTo());
    }
    return line.toString();
  }
}
