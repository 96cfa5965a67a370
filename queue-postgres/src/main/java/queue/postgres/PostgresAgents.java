package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.Agents;
import queue.core.error.Refusals;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.Entry;
import queue.core.model.Transition;

/** {@link Agents} in {@code queue_agents}; each operation one transaction. */
final class PostgresAgents implements Agents {
  private final Database database;
  private final Clock clock;

  PostgresAgents(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public List<Agent> list() {
    return database.transaction(PostgresAgents::list);
  }

  private static final Sql LIST =
      Sql.of(
          """
          SELECT %s
          FROM queue_agents a
          ORDER BY a.position
          """
              .formatted(Rows.AGENT));

  static List<Agent> list(Connection connection) throws SQLException {
    List<Agent> agents = new ArrayList<>();
    try (Sql.Statement statement = LIST.prepare(connection);
        ResultSet rs = statement.query()) {
      while (rs.next()) {
        agents.add(Rows.agent(rs));
      }
    }
    return agents;
  }

  @Override
  public Agent add(Agent agent) {
    Agent registered = agent.withRegisteredAt(Rows.micros(agent.registeredAt()));
    return database.transaction(
        connection -> {
          if (!insert(connection, registered)) {
            throw Refusals.alreadyRegistered(agent.name());
          }
          return registered;
        });
  }

  private static final Sql INSERT =
      Sql.of(
          """
          INSERT INTO queue_agents
            (name, transport, target, registered_at, host, pinned, paused, groups)
          VALUES
            (:name, :transport, :target::jsonb, :registered_at, :host, :pinned, :paused, :groups)
          ON CONFLICT (name) DO NOTHING
          """);

  /** Inserts an agent and its recipient row; false if the name is taken. */
  static boolean insert(Connection connection, Agent agent) throws SQLException {
    try (Sql.Statement statement = INSERT.prepare(connection)) {
      if (Rows.setAgent(statement, agent).update() == 0) {
        return false;
      }
    }
    PostgresRecipients.ensure(connection, List.of(agent.name()));
    return true;
  }

  private static final Sql UPDATE =
      Sql.of(
          """
          UPDATE queue_agents
          SET (name, transport, target, registered_at, host, pinned, paused, groups)
            = (:name, :transport, :target::jsonb, :registered_at, :host, :pinned, :paused, :groups)
          WHERE name = :name
          """);

  @Override
  public Agent change(String name, AgentChange change) {
    return database.transaction(
        connection -> {
          Agent changed = locked(connection, name).changedBy(change);
          try (Sql.Statement statement = UPDATE.prepare(connection)) {
            Rows.setAgent(statement, changed).update();
          }
          PostgresChanges.notify(connection);
          return changed;
        });
  }

  private static final Sql FAIL_UNFINISHED =
      Sql.of(
          """
          UPDATE queue_entries
          SET %s
          WHERE recipient = :name
            AND state IN ('PENDING', 'PROCESSING')
          RETURNING id
          """
              .formatted(PostgresSettlement.ABANDON));

  private static final Sql DELETE =
      Sql.of(
          """
          DELETE FROM queue_agents
          WHERE name = :name
          """);

  @Override
  public int remove(String name, boolean force) {
    return database.transaction(
        connection -> {
          locked(connection, name);
          int unfinished = countUnfinished(connection, name);
          if (unfinished > 0 && !force) {
            throw Refusals.unfinishedEntries(name, unfinished);
          }
          // Given up without an attempt: the transition's attempts added are 0.
          Transition removed = Transition.abandoned(Entry.REMOVED_ERROR);
          List<String> failed = new ArrayList<>();
          try (Sql.Statement fail = FAIL_UNFINISHED.prepare(connection);
              Sql.Statement delete = DELETE.prepare(connection)) {
            PostgresSettlement.setAbandoned(fail, removed).text("name", name);
            try (ResultSet rs = fail.query()) {
              while (rs.next()) {
                failed.add(rs.getString(1));
              }
            }
            delete.text("name", name).update();
          }
          PostgresNotices.queueOwed(connection, failed, Rows.micros(clock.instant()));
          return unfinished;
        });
  }

  private static final Sql LOCK =
      Sql.of(
          """
          SELECT %s
          FROM queue_agents a
          WHERE a.name = :name
          FOR UPDATE
          """
              .formatted(Rows.AGENT));

  // The row lock makes a send that names this agent (it takes FOR KEY SHARE) either finish first,
  // so its entries are counted here, or wait and then find the agent gone.
  private static Agent locked(Connection connection, String name) throws SQLException {
    try (Sql.Statement statement = LOCK.prepare(connection);
        ResultSet rs = statement.text("name", name).query()) {
      if (!rs.next()) {
        throw Refusals.unknownAgent(name);
      }
      return Rows.agent(rs);
    }
  }

  private static final Sql COUNT_UNFINISHED =
      Sql.of(
          """
          SELECT count(*)
          FROM queue_entries
          WHERE recipient = :name
            AND state IN ('PENDING', 'PROCESSING')
          """);

  private static int countUnfinished(Connection connection, String name) throws SQLException {
    try (Sql.Statement statement = COUNT_UNFINISHED.prepare(connection);
        ResultSet rs = statement.text("name", name).query()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
