package queue.core.api;

import java.util.Objects;

/** The roles of a store ({@link QueueStore#of}), each given by name; every one must be given. */
public final class StoreBuilder {
  private final String location;
  private Agents agents;
  private Sends sends;
  private Leases leases;
  private Upkeep upkeep;
  private Reports reports;
  private Conversations conversations;
  private Transfer transfer;
  private Liveness liveness;
  private Changes changes;
  private Diagnostics diagnostics;
  private Runnable onClose = () -> {};

  StoreBuilder(String location) {
    this.location = location;
  }

  public StoreBuilder agents(Agents value) {
    agents = value;
    return this;
  }

  public StoreBuilder sends(Sends value) {
    sends = value;
    return this;
  }

  public StoreBuilder leases(Leases value) {
    leases = value;
    return this;
  }

  public StoreBuilder upkeep(Upkeep value) {
    upkeep = value;
    return this;
  }

  public StoreBuilder reports(Reports value) {
    reports = value;
    return this;
  }

  public StoreBuilder conversations(Conversations value) {
    conversations = value;
    return this;
  }

  public StoreBuilder transfer(Transfer value) {
    transfer = value;
    return this;
  }

  public StoreBuilder liveness(Liveness value) {
    liveness = value;
    return this;
  }

  public StoreBuilder changes(Changes value) {
    changes = value;
    return this;
  }

  public StoreBuilder diagnostics(Diagnostics value) {
    diagnostics = value;
    return this;
  }

  /** What {@link QueueStore#close} releases; nothing by default. */
  public StoreBuilder onClose(Runnable value) {
    onClose = value;
    return this;
  }

  public QueueStore build() {
    required(agents, "agents");
    required(sends, "sends");
    required(leases, "leases");
    required(upkeep, "upkeep");
    required(reports, "reports");
    required(conversations, "conversations");
    required(transfer, "transfer");
    required(liveness, "liveness");
    required(changes, "changes");
    required(diagnostics, "diagnostics");
    return new Built(this);
  }

  private static void required(Object role, String name) {
    Objects.requireNonNull(role, () -> "a store needs its " + name);
  }

  /** The store: the one place the role getters are written. */
  private static final class Built implements QueueStore {
    private final String location;
    private final Agents agents;
    private final Sends sends;
    private final Leases leases;
    private final Upkeep upkeep;
    private final Reports reports;
    private final Conversations conversations;
    private final Transfer transfer;
    private final Liveness liveness;
    private final Changes changes;
    private final Diagnostics diagnostics;
    private final Runnable onClose;

    private Built(StoreBuilder parts) {
      location = parts.location;
      agents = parts.agents;
      sends = parts.sends;
      leases = parts.leases;
      upkeep = parts.upkeep;
      reports = parts.reports;
      conversations = parts.conversations;
      transfer = parts.transfer;
      liveness = parts.liveness;
      changes = parts.changes;
      diagnostics = parts.diagnostics;
      onClose = parts.onClose;
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public Agents agents() {
      return agents;
    }

    @Override
    public Sends sends() {
      return sends;
    }

    @Override
    public Leases leases() {
      return leases;
    }

    @Override
    public Upkeep upkeep() {
      return upkeep;
    }

    @Override
    public Reports reports() {
      return reports;
    }

    @Override
    public Conversations conversations() {
      return conversations;
    }

    @Override
    public Transfer transfer() {
      return transfer;
    }

    @Override
    public Liveness liveness() {
      return liveness;
    }

    @Override
    public Changes changes() {
      return changes;
    }

    @Override
    public Diagnostics diagnostics() {
      return diagnostics;
    }

    @Override
    public void close() {
      onClose.run();
    }
  }
}
