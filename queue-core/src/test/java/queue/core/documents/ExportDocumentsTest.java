package queue.core.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.api.ExportDocument;
import queue.core.error.InvalidInputException;

/** Reading an export: anything that is not an export of this version is bad input naming it. */
class ExportDocumentsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "not json",
        "[]",
        "{\"version\":1}",
        "{\"version\":2,\"source\":\"x\",\"exportedAt\":\"2026-01-01T00:00:00Z\",\"lastKey\":0,"
            + "\"agents\":[],\"messages\":[],\"entries\":[],\"delivered\":{},\"lastDeliveredAt\":{}}",
        "{\"@class\":\"java.lang.ProcessBuilder\"}"
      })
  void whatIsNotAnExportOfThisVersionIsRefusedNamingItsSource(String text) {
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> ExportDocuments.read(text.getBytes(StandardCharsets.UTF_8), "backup.json"));

    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().contains("backup.json"), error.getMessage());
  }

  @org.junit.jupiter.api.Test
  void writtenDocumentReadsBackEqual() {
    ExportDocument empty =
        new ExportDocument(
            ExportDocument.VERSION,
            "/srv/queue",
            Instant.parse("2026-01-01T00:00:00Z"),
            42,
            List.of(),
            List.of(),
            List.of(),
            Map.of("alice", 3L),
            Map.of("alice", Instant.parse("2025-12-31T23:00:00Z")));

    assertEquals(empty, ExportDocuments.read(ExportDocuments.write(empty), "export"));
  }
}
