package queue.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import queue.core.api.Agents;
import queue.core.error.InvalidInputException;
import queue.core.model.Agent;
import queue.core.model.AgentChange;
import queue.core.model.Transport;

/** {@link Agents} in {@code queue_agents}; each operation one transaction. */
final class PostgresAgents implements Agents {
  /** The last error of entries failed by a forced removal, as in the file store. */
  static final String REMOVED_ERROR = "agent removed";

  private final Database database;
  private final Path localDirectory;

  /**
   * @param localDirectory this host's data directory: an inbox agent registered without an inbox
   *     gets {@code inbox/NAME} in it
   */
  PostgresAgents(Database database, Path localDirectory) {
    this.database = database;
    this.localDirectory = localDirectory.toAbsolutePath().normalize();
  }

  @Override
  public List<Agent> list() {
    return database.transaction(PostgresAgents::list);
  }

  static List<Agent> list(Connection connection) throws SQLException {
    List<Agent> agents = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT " + Rows.AGENT + " FROM queue_agents a ORDER BY a.position");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        agents.add(Rows.agent(rs));
      }
    }
    return agents;
  }

  @Override
  public Agent add(Agent agent) {
    Agent registered = withDefaults(agent);
    return database.transaction(
        connection -> {
          if (!insert(connection, registered)) {
            throw new InvalidInputException(
                "agent "
                    + agent.name()
                    + " is already registered; remove it first to change its transport");
          }
          return registered;
        });
  }

  /** Inserts an agent and its recipient row; false if the name is taken. */
  static boolean insert(Connection connection, Agent agent) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO queue_agents ("
                + Rows.AGENT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
      Rows.setAgent(ps, 1, agent);
      if (ps.executeUpdate() == 0) {
        return false;
      }
    }
    PostgresRecipients.ensure(connection, List.of(agent.name()));
    return true;
  }

  private Agent withDefaults(Agent agent) {
    boolean defaultInbox = agent.transport() == Transport.INBOX && agent.inbox() == null;
    return new Agent(
        agent.name(),
        agent.transport(),
        defaultInbox
            ? localDirectory.resolve("inbox").resolve(agent.name()).toString()
            : agent.inbox(),
        agent.url(),
        agent.exec(),
        Rows.micros(agent.registeredAt()),
        agent.host(),
        agent.paused(),
        agent.settings());
  }

  @Override
  public Agent change(String name, AgentChange change) {
    return database.transaction(
        connection -> {
          Agent changed = locked(connection, name).changedBy(change);
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE queue_agents SET ("
                      + Rows.AGENT_COLUMNS
                      + ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE name = ?")) {
            int next = Rows.setAgent(ps, 1, changed);
            ps.setString(next, name);
            ps.executeUpdate();
          }
          PostgresChanges.notify(connection);
          return changed;
        });
  }

  @Override
  public int remove(String name, boolean force) {
    return database.transaction(
        connection -> {
          locked(connection, name);
          int unfinished = countUnfinished(connection, name);
          if (unfinished > 0 && !force) {
            throw new InvalidInputException(
                "agent "
                    + name
                    + " has "
                    + unfinished
                    + " pending or processing "
                    + (unfinished == 1 ? "entry" : "entries")
                    + "; wait for them, or use --force to mark them FAILED");
          }
          try (PreparedStatement fail =
                  connection.prepareStatement(
                      "UPDATE queue_entries SET state = 'FAILED', last_error = ?,"
                          + " lease_owner = NULL, lease_token = 0, lease_expires_at = NULL"
                          + " WHERE recipient = ? AND state IN ('PENDING', 'PROCESSING')");
              PreparedStatement delete =
                  connection.prepareStatement("DELETE FROM queue_agents WHERE name = ?")) {
            fail.setString(1, REMOVED_ERROR);
            fail.setString(2, name);
            fail.executeUpdate();
            delete.setString(1, name);
            delete.executeUpdate();
          }
          return unfinished;
        });
  }

  // The row lock makes a send that names this agent (it takes FOR KEY SHARE) either finish first,
  // so its entries are counted here, or wait and then find the agent gone.
  private static Agent locked(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT " + Rows.AGENT + " FROM queue_agents a WHERE a.name = ? FOR UPDATE")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new InvalidInputException("unknown agent " + name + "; see 'queue agents list'");
        }
        return Rows.agent(rs);
      }
    }
  }

  private static int countUnfinished(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT count(*) FROM queue_entries"
                + " WHERE recipient = ? AND state IN ('PENDING', 'PROCESSING')")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
