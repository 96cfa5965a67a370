package queue.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.QueueStore;
import queue.core.model.Agent;

/** {@code list_agents}: who the agent can send to. */
final class ListAgentsTool {
  static final String NAME = "list_agents";

  private static final String SCHEMA =
      """
      {"type": "object", "properties": {}, "additionalProperties": false}
      """;

  /** The result: {@code {"agents": [{"name", "transport", "groups", "paused"}]}}. */
  record AgentsDocument(List<AgentRow> agents) {}

  /**
   * @param groups the groups the agent is in, sorted by name; empty when none
   */
  record AgentRow(String name, String transport, List<String> groups, boolean paused) {}

  private final QueueStore store;

  ListAgentsTool(QueueStore store) {
    this.store = store;
  }

  SyncToolSpecification specification(McpJsonMapper json) {
    return Tools.specification(
        json,
        NAME,
        SCHEMA,
        "List the agents",
        "List the agents registered on the queue, in the order they were registered: the"
            + " names you can send to. Changes nothing. Answers {\"agents\": [{\"name\","
            + " \"transport\", \"groups\", \"paused\"}]}; transport is how an agent"
            + " receives (inbox, pull, http, exec), and a paused agent's messages wait"
            + " until it is resumed.",
        true,
        arguments -> call());
  }

  CallToolResult call() {
    return ToolResults.answer(NAME, () -> ToolResults.json(agents()));
  }

  private AgentsDocument agents() {
    List<AgentRow> rows = new ArrayList<>();
    for (Agent agent : store.agents().list()) {
      rows.add(new AgentRow(agent.name(), agent.transport(), agent.groups(), agent.paused()));
    }
    return new AgentsDocument(rows);
  }
}
