package queue.cli.send;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import queue.cli.CliContext;
import queue.cli.Specs;
import queue.core.api.ReplyTo;
import queue.core.api.SendRequest;

/** {@code queue reply ID [--all] [...] [BODY | -]}. */
public final class ReplyCommand implements Callable<Integer> {
  private final CliContext context;
  private final CommandSpec spec;
  private final PositionalParamSpec id =
      Specs.parameter("0", "ID", "The message to answer: its id, or the id of one of its entries.");
  private final OptionSpec all =
      Specs.flag("--all", "Answer its sender and all its recipients, except the one replying.");
  private final SendOptions options = new SendOptions("1");

  public ReplyCommand(CliContext context) {
    this.context = context;
    spec =
        Specs.command(
            this,
            "reply",
            new String[] {
              "Answer a message, in its thread.",
              "The reply goes to the message's sender (which must be a registered agent), or with"
                  + " --all also to every recipient of it but the one replying. It names the"
                  + " message in inReplyTo and takes its threadId. ID may be a message id or an"
                  + " entry id; a message that retention moved to history is found too. The body"
                  + " is BODY, or stdin when BODY is '-' or absent and stdin is not a terminal."
                  + " Prints the reply's id and \"queued for N/N agents\"."
            },
            "  QUEUE_AGENT=bob queue reply 0e2mf874 \"port 8080\"",
            "  queue reply 0e2mf874 --all --from carol \"I will take it\"",
            "  queue reply 0e2mf875 --wait --json \"done\"",
            "",
            "Exit codes: 0 queued (with --wait: all delivered); 1 --wait saw FAILED; 2 bad input,"
                + " an unknown id or a sender that is no agent (nothing queued); 3 queue busy;"
                + " 4 corrupt state; 5 --wait timed out; 6 store unreachable; 130 interrupted.");
    spec.addPositional(id).addOption(all);
    options.addTo(spec);
    Specs.withHelp(spec);
  }

  public CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    ReplyTo.Audience audience =
        all.getValue() ? ReplyTo.Audience.EVERYONE : ReplyTo.Audience.SENDER;
    ReplyTo answered = new ReplyTo(id.getValue(), audience);
    return new SendRun(context, spec, options)
        .run((sender, body) -> SendRequest.reply(answered, sender, body));
  }
}
