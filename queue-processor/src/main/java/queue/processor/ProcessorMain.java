package queue.processor;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import queue.core.Durations;
import queue.core.Hosts;
import queue.core.api.Liveness;
import queue.core.api.OpenOptions;
import queue.core.api.ProcessorInfo;
import queue.core.api.QueueStore;
import queue.core.api.Stores;
import queue.core.error.ExitCode;
import queue.core.error.InvalidInputException;
import queue.core.error.QueueException;
import queue.core.files.DefaultFileOps;
import queue.core.inbox.Inbox;
import queue.processor.complete.RetryPolicy;
import queue.processor.deliver.Deliveries;
import queue.processor.deliver.DeliveryListener;
import queue.processor.deliver.ErrorText;
import queue.processor.web.HttpAddress;
import queue.processor.web.StatusWeb;

/**
 * {@code queue-processor}: the delivery daemon. Exit codes when it cannot start follow the contract
 * ({@link ExitCode}): 2 bad usage, 3 queue busy, 4 state corrupt, 6 store unreachable, 1 anything
 * else (an I/O error). SIGINT and SIGTERM stop it in order (see {@link Processor}) and exit 0. A
 * fatal error (out of memory) exits 1 with one line ({@link FatalErrors}).
 */
@Command(
    name = "queue-processor",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = "Delivers queued messages to the registered agents.")
public final class ProcessorMain implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);
  private static final int MAX_WORKERS = 256;
  private static final Duration MIN_LEASE = Duration.ofSeconds(1);

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Data directory (default: $QUEUE_DIR, else ./message_queue).")
  String dir;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      description = "A data directory or a postgresql:// URL (default: $QUEUE_STORE, else --dir).")
  String store;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      description = "How long to wait for a database store's server (default: 10s).")
  String connectTimeout = "10s";

  @Option(names = "--once", description = "Deliver what is due now, then exit.")
  boolean once;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Recipients delivered to in parallel (default: ${DEFAULT-VALUE}).")
  int workers = ProcessorConfig.DEFAULT_WORKERS;

  @Option(
      names = "--lease",
      paramLabel = "DURATION",
      description = "How long a claim holds an entry, renewed while it runs (default: 60s).")
  String lease = "60s";

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      description =
          "Attempts before an entry is FAILED, for agents without a --max-attempts of their own"
              + " (default: ${DEFAULT-VALUE}).")
  int maxAttempts = RetryPolicy.DEFAULT_MAX_ATTEMPTS;

  @Option(
      names = "--retain",
      paramLabel = "DURATION",
      description = "Delivered entries older than this move to history/ (default: 1h).")
  String retain = "1h";

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "The deadline of one http or exec delivery (connect, request and answer together),"
              + " for agents without a --timeout of their own (default: 30s).")
  String timeout = "30s";

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      description = "How long to wait for the queue lock (default: 10s).")
  String lockTimeout = "10s";

  @Option(
      names = "--http",
      paramLabel = "HOST:PORT",
      description =
          "Serve the status page, /api/status, /metrics and /healthz there (port 0: any free"
              + " port; off by default).")
  String http;

  private final Map<String, String> environment;
  private final Clock clock;
  private final ShutdownCoordinator shutdown;

  /**
   * @param shutdown turns signals into an orderly stop; null installs no shutdown hook (tests)
   */
  ProcessorMain(Map<String, String> environment, Clock clock, ShutdownCoordinator shutdown) {
    this.environment = environment;
    this.clock = clock;
    this.shutdown = shutdown;
  }

  /**
   * For picocli's tools that build the command from its class to document it (the release archive's
   * man page and completion script); they never run it.
   */
  private ProcessorMain() {
    this(Map.of(), Clock.systemUTC(), null);
  }

  public static void main(String[] args) {
    FatalErrors.install(System.err);
    ShutdownCoordinator shutdown = new ShutdownCoordinator(System.err);
    shutdown.install();
    int code =
        commandLine(new ProcessorMain(System.getenv(), Clock.systemUTC(), shutdown)).execute(args);
    shutdown.exiting(code);
    System.exit(code);
  }

  static CommandLine commandLine(ProcessorMain main) {
    // No @FILE argument files, as in queue: an argument is what was typed.
    return new CommandLine(main)
        .setExpandAtFiles(false)
        .setParameterExceptionHandler(ProcessorMain::usageError)
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof QueueException q) {
                cmd.getErr().println("queue-processor: " + ErrorText.oneLine(q.getMessage()));
                return q.exitCode();
              }
              cmd.getErr().println("queue-processor: unexpected failure: " + ErrorText.describe(e));
              return ExitCode.FAILED.code();
            });
  }

  // One line, as the queue command line says it: the program, the problem, picocli's nearest
  // suggestion, where the help is.
  private static int usageError(ParameterException e, String[] args) {
    String suggestion = "";
    if (e instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      suggestion = ". Did you mean: " + unmatched.getSuggestions().get(0) + "?";
    }
    PrintWriter err = e.getCommandLine().getErr();
    err.println(
        "queue-processor: "
            + ErrorText.oneLine(e.getMessage())
            + suggestion
            + " (see 'queue-processor --help')");
    err.flush();
    return ExitCode.USAGE.code();
  }

  @Override
  public Integer call() {
    ProcessorConfig config = config();
    int attempts = requireAtLeastOne("--max-attempts", maxAttempts);
    Duration deliveryTimeout = positive("--timeout", timeout);
    InetSocketAddress httpAddress = http == null ? null : HttpAddress.parse(http).resolve();
    String location = Stores.locate(store, dir, environment);
    OpenOptions options =
        OpenOptions.defaults(clock)
            .withTimeouts(
                positive("--lock-timeout", lockTimeout),
                positive("--connect-timeout", connectTimeout));
    boolean creates = !Stores.isUrl(location) && Files.notExists(Path.of(location));
    try (QueueStore queue = Stores.open(location, options)) {
      warnIfNoAgents(queue, creates);
      run(
          queue,
          config,
          deliveryTimeout,
          attempts,
          httpAddress,
          Inbox.rootFor(location, dir, environment));
    }
    return 0;
  }

  private void run(
      QueueStore queue,
      ProcessorConfig config,
      Duration deliveryTimeout,
      int attempts,
      InetSocketAddress httpAddress,
      Path inboxRoot) {
    // One change before anything runs: a busy lock, a damaged file or a read-only disk stops the
    // start with its exit code, and delivered entries past retention leave at once.
    queue.upkeep().retire(config.retain());
    ProcessorInfo self =
        new ProcessorInfo(
            config.owner(), config.host(), ProcessHandle.current().pid(), clock.instant());
    Liveness.Registration registration = queue.liveness().register(self);
    StatusWeb web = null;
    try {
      if (httpAddress != null) {
        web = StatusWeb.start(httpAddress, queue, clock, self);
      }
      DeliveryRules rules =
          new DeliveryRules(
              Deliveries.standard(inboxRoot, new DefaultFileOps(), deliveryTimeout, clock),
              deliveryTimeout,
              new RetryPolicy(clock, RandomGenerator.getDefault(), attempts),
              web == null ? DeliveryListener.NONE : web);
      Processor processor = new Processor(queue, config, rules, Scheduling.threads(clock));
      if (shutdown != null) {
        shutdown.manage(processor, config.shutdownGrace());
      }
      log.info(
          "processing {} as {} with {} workers{}",
          queue.location(),
          config.owner(),
          config.workers(),
          once ? " (once)" : "");
      if (once) {
        processor.runOnce();
      } else {
        processor.run();
      }
      log.info("stopped");
    } finally {
      if (web != null) {
        web.close();
      }
      registration.close();
    }
  }

  // A mistyped --dir starts the processor on a new, empty directory: say so at once.
  private static void warnIfNoAgents(QueueStore queue, boolean created) {
    if (!queue.agents().list().isEmpty()) {
      return;
    }
    if (created) {
      log.warn(
          "created {}, which has no agents: check --dir, --store and $QUEUE_DIR; nothing is"
              + " delivered until 'queue agents add NAME' registers one there",
          queue.location());
    } else {
      log.warn(
          "no agents are registered in {}: nothing is delivered until 'queue agents add NAME'"
              + " registers one",
          queue.location());
    }
  }

  private ProcessorConfig config() {
    String owner =
        ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    if (workers > MAX_WORKERS) {
      throw new InvalidInputException(
          "--workers " + workers + " is too many: use at most " + MAX_WORKERS);
    }
    Duration leaseDuration = Durations.parse(lease);
    if (leaseDuration.compareTo(MIN_LEASE) < 0) {
      throw new InvalidInputException(
          "--lease " + lease + " is too short: use at least 1s (it is renewed every third of it)");
    }
    return ProcessorConfig.defaults(owner, Hosts.local(environment))
        .withWorkers(requireAtLeastOne("--workers", workers))
        .withLease(leaseDuration)
        .withRetain(Durations.parse(retain));
  }

  private static int requireAtLeastOne(String option, int value) {
    if (value < 1) {
      throw new InvalidInputException(option + " must be at least 1, not " + value);
    }
    return value;
  }

  private static Duration positive(String option, String text) {
    Duration duration = Durations.parse(text);
    if (duration.isZero()) {
      throw new InvalidInputException(option + " must be longer than 0, not " + text);
    }
    return duration;
  }
}
