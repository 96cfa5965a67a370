package queue.processor.testing;

import queue.core.api.Agents;
import queue.core.api.Changes;
import queue.core.api.Conversations;
import queue.core.api.Diagnostics;
import queue.core.api.Leases;
import queue.core.api.Liveness;
import queue.core.api.QueueStore;
import queue.core.api.Reports;
import queue.core.api.Sends;
import queue.core.api.Transfer;
import queue.core.api.Upkeep;

/** A store that hands every call to another: a decorator overrides only what it changes. */
public abstract class ForwardingStore implements QueueStore {
  protected final QueueStore real;

  protected ForwardingStore(QueueStore real) {
    this.real = real;
  }

  @Override
  public String location() {
    return real.location();
  }

  @Override
  public Agents agents() {
    return real.agents();
  }

  @Override
  public Sends sends() {
    return real.sends();
  }

  @Override
  public Leases leases() {
    return real.leases();
  }

  @Override
  public Upkeep upkeep() {
    return real.upkeep();
  }

  @Override
  public Reports reports() {
    return real.reports();
  }

  @Override
  public Conversations conversations() {
    return real.conversations();
  }

  @Override
  public Transfer transfer() {
    return real.transfer();
  }

  @Override
  public Liveness liveness() {
    return real.liveness();
  }

  @Override
  public Changes changes() {
    return real.changes();
  }

  @Override
  public Diagnostics diagnostics() {
    return real.diagnostics();
  }

  @Override
  public void close() {
    real.close();
  }
}
