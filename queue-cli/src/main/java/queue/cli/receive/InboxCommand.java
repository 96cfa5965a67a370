package queue.cli.receive;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.ProcessHooks;
import queue.cli.Specs;
import queue.core.api.QueueStore;
import queue.core.error.ExitCode;
import queue.core.error.InvalidInputException;
import queue.core.inbox.DirectoryWait;
import queue.core.inbox.Inbox;
import queue.core.inbox.InboxFiles;
import queue.core.model.Agent;

/** {@code queue inbox NAME [--ack] [--follow] [--limit N] [--json]}. */
public final class InboxCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(500);

  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec name =
      Specs.optionalParameter("0", "NAME", "The inbox agent (default: $QUEUE_AGENT).");
  private final OptionSpec ack =
      Specs.flag("--ack", "Mark each message printed as read (new/ to cur/).");
  private final OptionSpec follow =
      Specs.flag("--follow", "Keep printing new arrivals until interrupted.");
  private final OptionSpec limit =
      Specs.number("--limit", "N", "At most N messages (default: all).");
  private final OptionSpec json =
      Specs.flag("--json", "Print one JSON document per message, one per line.");
  private int printed;

  public InboxCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "inbox",
            new String[] {
              "Print an inbox agent's unread messages, oldest first.",
              "Unread messages are the files in its inbox's new/ directory. --ack marks what was"
                  + " printed as read by moving it into cur/ (the Maildir convention); without it"
                  + " they stay unread.",
              "Each message: a line with its id, time (UTC) and sender, then its body indented by"
                  + " two spaces; with --json one JSON document per line: {\"id\", \"messageId\","
                  + " \"from\", \"to\", \"body\", \"createdAt\", \"attempt\", \"threadId\"}, and"
                  + " \"inReplyTo\" for a reply, \"notice\" for a non-delivery notice."
            },
            "  queue inbox alice",
            "  QUEUE_AGENT=alice queue inbox --ack",
            "  queue inbox alice --ack --limit 1 --json",
            "  queue inbox alice --follow --ack");
    spec.addPositional(name).addOption(ack).addOption(follow).addOption(limit).addOption(json);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    String agentName = context.agentName(name.getValue(), "inbox");
    int max = limit.getValue();
    if (max < 0) {
      throw new InvalidInputException("invalid --limit " + max + ": use 0 (all) or more");
    }
    QueueStore store = context.reader();
    Agent agent = Recipients.require(store, agentName, Inbox.TRANSPORT, "inbox");
    InboxFiles inbox = new InboxFiles(Inbox.of(agent, context.inboxRoot()));
    ProcessHooks.Interruptible signals = context.environment().process().interruptOnSignal();
    try (DirectoryWait arrivals = new DirectoryWait(inbox.unreadDirectory())) {
      return printUnread(inbox, arrivals);
    } catch (InterruptedException e) {
      return ProcessHooks.INTERRUPTED;
    } finally {
      signals.close();
    }
  }

  private int printUnread(InboxFiles inbox, DirectoryWait arrivals) throws InterruptedException {
    MessagePrinter printer = new MessagePrinter(spec.commandLine().getOut(), json.getValue());
    boolean follows = follow.getValue();
    Set<Path> shown = new HashSet<>();
    while (true) {
      for (Path file : inbox.unread()) {
        if (limitReached()) {
          return ExitCode.OK.code();
        }
        if (shown.add(file) && !show(inbox, file, printer)) {
          return ExitCode.FAILED.code();
        }
      }
      if (!follows || limitReached()) {
        return ExitCode.OK.code();
      }
      arrivals.await(POLL);
    }
  }

  private boolean limitReached() {
    int max = limit.getValue();
    return max > 0 && printed >= max;
  }

  /** Prints one message; false only if stdout failed. */
  private boolean show(InboxFiles inbox, Path file, MessagePrinter printer) {
    boolean acknowledge = ack.getValue();
    if (!acknowledge) {
      return print(inbox.read(file), file, printer);
    }
    // Taken before it is printed, so no other reader prints it too.
    Optional<Path> taken = inbox.take(file);
    if (taken.isEmpty()) {
      return true;
    }
    InboxFiles.Read read = inbox.read(taken.get());
    if (read.message() == null && read.problem() == null) {
      return true;
    }
    boolean written = print(read, file, printer);
    if (written && read.message() != null) {
      inbox.markRead(taken.get());
    } else {
      inbox.giveBack(taken.get());
    }
    return written;
  }

  private boolean print(InboxFiles.Read read, Path file, MessagePrinter printer) {
    if (read.problem() != null) {
      warn("skipped " + file + ": " + read.problem());
      return true;
    }
    if (read.message() == null) {
      return true;
    }
    ShownMessage message;
    try {
      message = ShownMessage.ofInboxFile(InboxFiles.unreadName(file), read.message());
    } catch (DateTimeException e) {
      warn("skipped " + file + ": it is not a queue message: " + e.getMessage());
      return true;
    }
    if (!printer.print(message)) {
      warn("could not write to stdout; " + file.getFileName() + " stays unread");
      return false;
    }
    printed++;
    return true;
  }

  private void warn(String text) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.qualifiedName() + ": " + text);
    err.flush();
  }
}
