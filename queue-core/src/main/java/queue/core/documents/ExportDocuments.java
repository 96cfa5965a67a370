package queue.core.documents;

import queue.core.api.ExportDocument;
import queue.core.error.InvalidInputException;
import queue.core.json.Json;
import queue.core.json.JsonProblems;
import queue.core.model.LegacyAgents;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
      JsonNode tree = Json.mapper().readTree(bytes);
      document =
          tree == null || tree.isNull() || tree.isMissingNode()
              ? null
              : Json.mapper().treeToValue(withTargets(tree), ExportDocument.class);
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

  // An export written before targets has each agent's transport fields and settings beside its
  // name: they are its target now (LegacyAgents).
  private static JsonNode withTargets(JsonNode tree) {
    JsonNode agents = tree.get("agents");
    if (agents == null || !agents.isArray()) {
      return tree;
    }
    for (JsonNode agent : agents.values()) {
      if (agent instanceof ObjectNode fields && !fields.has("target")) {
        moveIntoTarget(fields);
      }
    }
    return tree;
  }

  private static void moveIntoTarget(ObjectNode agent) {
    ObjectNode target = agent.putObject("target");
    JsonNode settings = agent.remove("settings");
    for (String field : LegacyAgents.TARGET_FIELDS) {
      JsonNode value = agent.has(field) ? agent.remove(field) : fieldOf(settings, field);
      if (value != null && !value.isNull()) {
        target.set(field, value);
      }
    }
    boolean pinned =
        LegacyAgents.wasPinned(textOf(agent, "transport")) && textOf(agent, "host") != null;
    agent.put("pinned", pinned);
  }

  private static JsonNode fieldOf(JsonNode object, String field) {
    return object == null ? null : object.get(field);
  }

  private static String textOf(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }
}
