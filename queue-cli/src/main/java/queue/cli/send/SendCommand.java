package queue.cli.send;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import queue.cli.CliContext;
import queue.cli.Specs;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;

/** {@code queue send (--to NAME|@GROUP[,...] | --broadcast) [...] [BODY | -]}. */
public final class SendCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final OptionSpec to =
      OptionSpec.builder("--to")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .splitRegex(",")
          .paramLabel("NAME|@GROUP,...")
          .hideParamSyntax(true)
          .description(
              "The recipients, comma-separated; repeatable. @GROUP is every agent in GROUP at the"
                  + " moment of the send; a recipient named twice gets one entry.")
          .build();
  private final OptionSpec broadcast =
      Specs.flag("--broadcast", "Send to every registered agent but the sender.");
  private final OptionSpec includeSelf =
      Specs.flag("--include-self", "With --broadcast: the sender gets it too.");
  private final OptionSpec replyTo =
      Specs.text(
          "--reply-to",
          "ID",
          "Answer message ID (or the message of entry ID): the message joins its thread.");
  private final SendOptions options = new SendOptions("0");

  public SendCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "send",
            new String[] {
              "Queue a message for some agents or all of them.",
              "One entry per recipient, all in one save. The body is BODY, or stdin when BODY is"
                  + " '-' or absent and stdin is not a terminal (UTF-8, at most 1 MiB). Prints the"
                  + " message id and \"queued for N/N agents\". A broadcast from a registered"
                  + " agent is not delivered back to it, unless --include-self."
            },
            "  queue send --broadcast \"deploy at 17:00\"",
            "  queue send --to alice,bob --from ci \"build 42 is green\"",
            "  queue send --to @reviewers,carol \"PR 17 is ready\"",
            "  git log -1 | queue send --to alice -",
            "  queue send --broadcast --wait --timeout 1m --json \"restart now\"",
            "  queue send --to alice --idempotency-key job-42 \"sent once\"",
            "  queue send --to alice --at 17:00 --ttl 1h \"stand-up\"",
            "  queue send --to carol --reply-to 0e2mf874 \"do you know?\"",
            "",
            "Exit codes: 0 queued (with --wait: all delivered); 1 --wait saw FAILED; 2 bad input"
                + " (nothing queued); 3 queue busy; 4 corrupt state; 5 --wait timed out;"
                + " 6 store unreachable; 130 interrupted (the message stays queued).");
    spec.addOption(to).addOption(broadcast).addOption(includeSelf).addOption(replyTo);
    options.addTo(spec);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    return new SendRun(context, spec, options).run(this::request);
  }

  private SendRequest request(String sender, String body) {
    List<String> recipients = to.getValue();
    String answered = replyTo.getValue();
    return new SendRequest(
            recipients == null ? List.of() : recipients,
            broadcast.getValue(),
            sender,
            body,
            null,
            null,
            null)
        .withIncludeSelf(includeSelf.getValue())
        .withReplyTo(answered == null ? null : new ReplyTo(answered, ReplyTo.Audience.NAMED));
  }
}
