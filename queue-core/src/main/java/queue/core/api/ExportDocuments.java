package queue.core.api;

import queue.core.error.InvalidInputException;
import queue.core.json.Json;
import queue.core.json.JsonProblems;
import tools.jackson.core.JacksonException;

/** Reads and writes {@link ExportDocument}s: one JSON object, read with the mapper's limits. */
public final class ExportDocuments {
  private ExportDocuments() {}

  public static byte[] write(ExportDocument document) {
    return Json.mapper().writeValueAsBytes(document);
  }

  /**
   * Parses a document; anything that is not one of this version is exit 2, naming {@code source}.
   */
  public static ExportDocument read(byte[] bytes, String source) {
    ExportDocument document;
    try {
      document = Json.mapper().readValue(bytes, ExportDocument.class);
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      String reason = e instanceof JacksonException j ? JsonProblems.describe(j) : e.getMessage();
      throw new InvalidInputException(
          source + " is not a queue export: " + reason + "; make one with 'queue export'");
    }
    if (document == null) {
      throw new InvalidInputException(source + " is empty: make an export with 'queue export'");
    }
    if (document.version() != ExportDocument.VERSION) {
      throw new InvalidInputException(
          source
              + " is an export of version "
              + document.version()
              + "; this queue reads version "
              + ExportDocument.VERSION);
    }
    return document;
  }
}
