package queue.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.cli.Json;
import queue.core.api.ThreadView;
import queue.core.api.ThreadView.Item;
import queue.core.api.ThreadView.Recipient;
import queue.core.model.EntryState;

/** {@code queue thread --json} writes, token by token, what the command line's mapper writes. */
class ThreadJsonTest {
  private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123456789Z");

  @Test
  void aThreadWithAReplyAndRecipientsInEveryStateIsWrittenAsTheMapperWritesIt() {
    ThreadView thread =
        new ThreadView(
            "0e2mcq2r",
            List.of(
                new Item(
                    "0e2mcq2r",
                    null,
                    "alice",
                    AT,
                    "which \"port\"?\nsay é",
                    List.of(
                        new Recipient("bob", EntryState.DELIVERED),
                        new Recipient("carol", EntryState.FAILED))),
                new Item(
                    "0e2mcq3a",
                    "0e2mcq2r",
                    "bob",
                    Instant.EPOCH,
                    "8080",
                    List.of(
                        new Recipient("alice", EntryState.PENDING),
                        new Recipient("carol", EntryState.PROCESSING)))));

    assertEquals(Json.mapper().writeValueAsString(thread), ThreadJson.of(thread));
  }

  @Test
  void aThreadOfNoMessageIsWrittenAsTheMapperWritesIt() {
    ThreadView empty = new ThreadView("0e2mcq2r", List.of());

    assertEquals(Json.mapper().writeValueAsString(empty), ThreadJson.of(empty));
  }
}
