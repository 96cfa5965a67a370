package queue.core.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import queue.core.api.MessageStatus;
import queue.core.api.ProcessorInfo;
import queue.core.api.StatusReport;
import queue.core.api.StatusReport.AgentStatus;
import queue.core.api.StatusReport.Counts;
import queue.core.json.Json;
import queue.core.model.EntryState;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status document reads the same whichever mapper writes it: the product's (nulls left out), as
 * the processor's /api/status does, or the command line's (nulls written), as {@code queue status
 * --json} does.
 */
class StatusDocumentTest {
  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
  private static final JsonMapper WRITING_NULLS =
      Json.mapper()
          .rebuild()
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.ALWAYS))
          .build();

  private final StatusReport report =
      new StatusReport(
          new Counts(3, 1, 0, 7, 1),
          List.of(
              new AgentStatus(
                  "alice",
                  true,
                  "inbox",
                  false,
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
                  "boom",
                  AT)));
  private final List<ProcessorInfo> running = List.of(new ProcessorInfo("1-abc", "host", 1, AT));

  @Test
  void writesEveryAgentFieldAndLeavesOutAMessageNobodyAskedFor() {
    String expected =
        "{\"totals\":{\"pending\":3,\"processing\":0,\"delivered\":7,\"failed\":1,\"scheduled\":1},"
            + "\"agents\":[{\"name\":\"alice\",\"pending\":0,\"processing\":0,\"delivered\":7,"
            + "\"failed\":0,\"scheduled\":0,\"paused\":false,\"registered\":true,"
            + "\"transport\":\"inbox\",\"groups\":[\"ops\",\"reviewers\"],"
            + "\"lastDeliveredAt\":\"2026-03-01T12:00:00Z\","
            + "\"lastError\":null},{\"name\":\"gone\",\"pending\":3,\"processing\":0,"
            + "\"delivered\":0,\"failed\":1,\"scheduled\":1,\"paused\":false,\"registered\":false,"
            + "\"transport\":null,\"groups\":[],\"lastDeliveredAt\":null,"
            + "\"lastError\":\"boom\"}],"
            + "\"processor\":{\"running\":true,\"count\":1,\"pids\":[1],\"processors\":"
            + "[{\"owner\":\"1-abc\",\"host\":\"host\",\"pid\":1,"
            + "\"startedAt\":\"2026-03-01T12:00:00Z\"}]}}";
    StatusDocument document = StatusDocument.of(report, running, null);

    assertEquals(expected, Json.mapper().writeValueAsString(document));
    assertEquals(expected, WRITING_NULLS.writeValueAsString(document));
  }

  @Test
  void writesTheAskedForMessageWithEveryRecipientField() {
    MessageStatus message =
        new MessageStatus(
            "0e2mcq2r",
            null,
            "hi",
            AT,
            List.of(
                new MessageStatus.RecipientState(
                    "alice", "0e2mcq2s", EntryState.PENDING, 0, null, null, AT)));
    StatusDocument document = StatusDocument.of(report, List.of(), message);

    String written = Json.mapper().writeValueAsString(document);
    assertEquals(WRITING_NULLS.writeValueAsString(document), written);
    assertEquals(
        "\"message\":{\"messageId\":\"0e2mcq2r\",\"sender\":null,"
            + "\"createdAt\":\"2026-03-01T12:00:00Z\",\"recipients\":[{\"recipient\":\"alice\","
            + "\"entryId\":\"0e2mcq2s\",\"state\":\"PENDING\",\"attempts\":0,\"lastError\":null,"
            + "\"deliveredAt\":null,\"nextAttemptAt\":\"2026-03-01T12:00:00Z\"}]}}",
        written.substring(written.indexOf("\"message\"")));
  }
}
