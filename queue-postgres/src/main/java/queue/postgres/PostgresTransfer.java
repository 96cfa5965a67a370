package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import queue.core.api.ExportDocument;
import queue.core.api.Transfer;
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.Entry;
import queue.core.model.Message;
import queue.core.model.QueueState;
import queue.core.rules.Imports;

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
          StatusQuery.Counters counters = StatusQuery.counters(connection);
          return new ExportDocument(
              ExportDocument.VERSION,
              location,
              clock.instant(),
              lastKey(connection, LAST_KEY),
              PostgresAgents.list(connection),
              messages(connection),
              entries(connection),
              counters.delivered(),
              counters.lastDeliveredAt());
        });
  }

  private static final Sql LAST_KEY =
      Sql.of(
          """
          SELECT last_key
          FROM queue_meta
          """);

  private static long lastKey(Connection connection, Sql query) throws SQLException {
    try (Sql.Statement statement = query.prepare(connection);
        ResultSet rs = statement.query()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static final Sql MESSAGES =
      Sql.of(
          """
          SELECT %s
          FROM queue_messages m
          ORDER BY m.id
          """
              .formatted(Rows.MESSAGE));

  private static List<Message> messages(Connection connection) throws SQLException {
    List<Message> messages = new ArrayList<>();
    try (Sql.Statement statement = MESSAGES.prepare(connection);
        ResultSet rs = statement.query()) {
      while (rs.next()) {
        messages.add(Rows.message(rs));
      }
    }
    return messages;
  }

  private static final Sql ENTRIES =
      Sql.of(
          """
          SELECT %s
          FROM queue_entries e
          JOIN queue_messages m ON m.id = e.message_id
          ORDER BY e.seq
          """
              .formatted(Rows.ENTRY));

  private static List<Entry> entries(Connection connection) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    try (Sql.Statement statement = ENTRIES.prepare(connection);
        ResultSet rs = statement.query()) {
      while (rs.next()) {
        entries.add(Rows.entry(rs));
      }
    }
    return entries;
  }

  @Override
  public void importAll(ExportDocument document) {
    QueueState imported = Imports.stateOf(document, Rows.micros(clock.instant()));
    database.transaction(
        connection -> {
          // Locking the id row first keeps sends out until the import commits.
          lastKey(connection, LOCK_IDS);
          refuseIfNotEmpty(connection);
          new ImportWriter(connection).write(document.agents(), imported);
          PostgresChanges.notify(connection);
          return null;
        });
  }

  private static final Sql LOCK_IDS =
      Sql.of(
          """
          SELECT last_key
          FROM queue_meta
          FOR UPDATE
          """);

  private static final Sql COUNT_ALL =
      Sql.of(
          """
          SELECT (SELECT count(*) FROM queue_agents) AS agents,
                 (SELECT count(*) FROM queue_entries) AS entries
          """);

  private void refuseIfNotEmpty(Connection connection) throws SQLException {
    try (Sql.Statement statement = COUNT_ALL.prepare(connection);
        ResultSet rs = statement.query()) {
      rs.next();
      long agents = rs.getLong("agents");
      long entries = rs.getLong("entries");
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
