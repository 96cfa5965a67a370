package queue.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.cli.Json;
import queue.core.api.MessageStatus;
import queue.core.api.ProcessorInfo;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.api.StatusReport.Counts;
import queue.core.documents.StatusDocument;
import queue.core.model.EntryState;

/** {@code queue status --json} writes, token by token, what the command line's mapper writes. */
class StatusJsonTest {
  private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123456789Z");

  private final StatusReport report =
      new StatusReport(
          new Counts(3, 1, 0, 7, 1),
          List.of(
              new AgentStatus(
                  "alice",
                  true,
                  "inbox",
                  true,
                  List.of("ops", "reviewers"),
                  new Counts(0, 0, 0, 7, 0),
                  AT,
                  null,
                  null),
              new AgentStatus(
                  "gone",
                  false,
                  null,
                  false,
                  List.of(),
                  new Counts(3, 1, 0, 0, 1),
                  null,
                  "b\"oo\nm é",
                  AT)));

  @Test
  void aDocumentWithoutProcessorsOrMessageIsWrittenAsTheMapperWritesIt() {
    assertSameAsMapper(StatusDocument.of(report, List.of(), null));
    assertSameAsMapper(
        StatusDocument.of(new StatusReport(new Counts(0, 0, 0, 0, 0), List.of()), List.of(), null));
  }

  @Test
  void processorsWithAndWithoutAHostAreWrittenAsTheMapperWritesThem() {
    assertSameAsMapper(
        StatusDocument.of(
            report,
            List.of(
                new ProcessorInfo("1-abc", "host", 1, AT),
                new ProcessorInfo("pid 9", null, 9, Instant.EPOCH)),
            null));
  }

  @Test
  void anAskedForMessageIsWrittenAsTheMapperWritesIt() {
    MessageStatus message =
        new MessageStatus(
            "0e2mcq2r",
            null,
            "hi",
            AT,
            List.of(
                new MessageStatus.RecipientState(
                    "alice", "0e2mcq2s", EntryState.PENDING, 0, null, null, AT),
                new MessageStatus.RecipientState(
                    "bob", "0e2mcq2t", EntryState.DELIVERED, 2, "retried", AT, AT)));

    assertSameAsMapper(StatusDocument.of(report, List.of(), message));
  }

  private static void assertSameAsMapper(StatusDocument document) {
    assertEquals(Json.mapper().writeValueAsString(document), StatusJson.of(document));
  }
}
