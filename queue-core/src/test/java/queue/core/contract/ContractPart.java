package queue.core.contract;

import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;

/**
 * A part of {@link QueueStoreContract}: one role of the queue API. Each part runs as a nested class
 * of the contract, on the store the contract's subclass opened for the test.
 */
abstract class ContractPart {
  private final Supplier<QueueFixture> fixture;

  /** The store under test; set before each test, after the contract opened the store. */
  QueueFixture q;

  ContractPart(Supplier<QueueFixture> fixture) {
    this.fixture = fixture;
  }

  @BeforeEach
  final void bindFixture() {
    q = fixture.get();
  }
}
