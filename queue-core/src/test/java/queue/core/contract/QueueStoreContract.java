package queue.core.contract;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import queue.core.api.QueueStore;
import queue.core.testing.MutableClock;

/**
 * The behaviour every {@link QueueStore} owes the command line and the processor, run against each
 * store: a subclass opens a new, empty store and the whole suite runs on it. Nothing here knows
 * which store it talks to; time moves only when a test steps the clock.
 *
 * <p>Each nested class is one role of the API (its tests are in the part it extends). A refused
 * operation is always checked twice: the exit code, and that the state did not change.
 */
@DisplayNameGeneration(QueueStoreContract.PartNames.class)
public abstract class QueueStoreContract {
  /** When every test starts. */
  public static final String START = "2026-01-01T00:00:00Z";

  private final MutableClock clock = MutableClock.startingAt(START);
  private QueueFixture fixture;

  /** A new, empty store that reads the time from {@code clock}; each call a store of its own. */
  protected abstract QueueStore newStore(MutableClock clock);

  @BeforeEach
  protected final void openStore() {
    fixture = new QueueFixture(newStore(clock), clock, () -> newStore(clock));
  }

  @AfterEach
  protected final void closeStore() {
    if (fixture != null) {
      fixture.store.close();
    }
  }

  /** The store under test, for a subclass's own tests. */
  protected final QueueStore store() {
    return fixture.store;
  }

  protected final MutableClock clock() {
    return clock;
  }

  private QueueFixture fixture() {
    return fixture;
  }

  /** Names each part after the store it runs on, as "FileStoreContractTest > Agents". */
  public static final class PartNames extends DisplayNameGenerator.Standard {
    @Override
    public String generateDisplayNameForNestedClass(
        List<Class<?>> enclosingInstanceTypes, Class<?> nestedClass) {
      return enclosingInstanceTypes.get(enclosingInstanceTypes.size() - 1).getSimpleName()
          + " > "
          + nestedClass.getSimpleName();
    }
  }

  @Nested
  class Agents extends AgentsContract {
    Agents() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Groups extends GroupsContract {
    Groups() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class TransportChanges extends TransportChangeContract {
    TransportChanges() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Sending extends SendsContract {
    Sending() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Ids extends IdsContract {
    Ids() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Claiming extends ClaimsContract {
    Claiming() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Fencing extends FencingContract {
    Fencing() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Settling extends SettleContract {
    Settling() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class SchedulingAndExpiry extends ScheduleContract {
    SchedulingAndExpiry() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class PausedAndPullAgents extends PauseAndPullContract {
    PausedAndPullAgents() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Upkeep extends UpkeepContract {
    Upkeep() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Reports extends ReportsContract {
    Reports() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Threads extends ThreadsContract {
    Threads() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Notices extends NoticesContract {
    Notices() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Peeking extends PeekContract {
    Peeking() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class Transfer extends TransferContract {
    Transfer() {
      super(QueueStoreContract.this::fixture);
    }
  }

  @Nested
  class PortsBesideTheQueue extends PortsContract {
    PortsBesideTheQueue() {
      super(QueueStoreContract.this::fixture);
    }
  }
}
