package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import queue.core.api.ExportDocument;
import queue.core.api.ExportDocuments;
import queue.core.api.Transfer;
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.model.StateRules;

/**
 * {@link Transfer}: an export reads every table in one REPEATABLE READ transaction (one snapshot);
 * an import checks the document as the file store does, then writes it in one transaction into a
 * store that has no agent and no entry.
 */
final class PostgresTransfer implements Transfer {
  private final Database database;
  private final Clock clock;
  private final String location;

  PostgresTransfer(Database database, Clock clock, String location) {
    this.database = database;
    this.clock = clock;
    this.location = location;
  }

  @Override
  public ExportDocument exportAll() {
    return database.transaction(
        connection -> {
          Database.snapshot(connection);
          Map<String, Long> delivered = new HashMap<>();
          Map<String, Instant> lastDeliveredAt = new HashMap<>();
          try (PreparedStatement ps =
                  connection.prepareStatement(
                      "SELECT agent, delivered, last_delivered_at FROM queue_counters");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              delivered.put(rs.getString(1), rs.getLong(2));
              Instant last = Rows.instant(rs, "last_delivered_at");
              if (last != null) {
                lastDeliveredAt.put(rs.getString(1), last);
              }
            }
          }
          return new ExportDocument(
              ExportDocument.VERSION,
              location,
              clock.instant(),
              lastKey(connection),
              PostgresAgents.list(connection),
              messages(connection),
              entries(connection),
              delivered,
              lastDeliveredAt);
        });
  }

  private static long lastKey(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT last_key FROM queue_meta");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Message> messages(Connection connection) throws SQLException {
    List<Message> messages = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT " + Rows.MESSAGE + " FROM queue_messages m ORDER BY m.id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        messages.add(Rows.message(rs));
      }
    }
    return messages;
  }

  private static List<Entry> entries(Connection connection) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT "
                    + Rows.ENTRY
                    + " FROM queue_entries e JOIN queue_messages m ON m.id = e.message_id"
                    + " ORDER BY e.seq");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        entries.add(Rows.entry(rs));
      }
    }
    return entries;
  }

  @Override
  public void importAll(ExportDocument document) {
    QueueState imported = ExportDocuments.importedState(document, Rows.micros(clock.instant()));
    String problem = StateRules.problemIn(document.agents());
    problem = problem != null ? problem : StateRules.problemIn(imported);
    if (problem != null) {
      throw Refusals.invalidImport(problem);
    }
    database.transaction(
        connection -> {
          // Locking the id row first keeps sends out until the import commits.
          lockIds(connection);
          refuseIfNotEmpty(connection);
          new ImportWriter(connection).write(document.agents(), imported);
          PostgresChanges.notify(connection);
          return null;
        });
  }

  private static void lockIds(Connection connection) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT last_key FROM queue_meta FOR UPDATE")) {
      ps.executeQuery().close();
    }
  }

  private void refuseIfNotEmpty(Connection connection) throws SQLException {
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT (SELECT count(*) FROM queue_agents), (SELECT count(*) FROM queue_entries)");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long agents = rs.getLong(1);
      long entries = rs.getLong(2);
      if (agents > 0 || entries > 0) {
        throw Refusals.notEmpty(location, agents, entries);
      }
    }
  }

  /** Every recipient name the state mentions, for {@code queue_recipients}. */
  static Set<String> recipientsOf(List<Agent> agents, QueueState state) {
    Set<String> names = new LinkedHashSet<>();
    agents.forEach(a -> names.add(a.name()));
    state.entries().forEach(e -> names.add(e.recipient()));
    return names;
  }
}
