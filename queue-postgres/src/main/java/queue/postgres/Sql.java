package queue.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGStatement;

/**
 * A statement whose parameters are named ({@code :name}), as River's queries read: parsed once into
 * JDBC's {@code ?}s, each parameter then set by its name however often the statement uses it. A
 * {@code ::type} cast, a quoted literal, a quoted identifier, a dollar-quoted body and a comment
 * are left as they are.
 */
final class Sql {
  private final String named;
  private final String jdbc;
  private final Map<String, List<Integer>> places;

  private Sql(String named, String jdbc, Map<String, List<Integer>> places) {
    this.named = named;
    this.jdbc = jdbc;
    this.places = places;
  }

  static Sql of(String named) {
    StringBuilder jdbc = new StringBuilder(named.length());
    Map<String, List<Integer>> places = new LinkedHashMap<>();
    int count = 0;
    int i = 0;
    while (i < named.length()) {
      int skipped = skipQuoted(named, i);
      if (skipped > i) {
        jdbc.append(named, i, skipped);
        i = skipped;
      } else if (isParameter(named, i)) {
        int end = i + 1;
        while (end < named.length() && isNamePart(named.charAt(end))) {
          end++;
        }
        places.computeIfAbsent(named.substring(i + 1, end), n -> new ArrayList<>()).add(++count);
        jdbc.append('?');
        i = end;
      } else {
        jdbc.append(named.charAt(i++));
      }
    }
    return new Sql(named, jdbc.toString(), places);
  }

  // A parameter starts with ':' and a letter, and is not the second ':' of a cast.
  private static boolean isParameter(String sql, int i) {
    return sql.charAt(i) == ':'
        && i + 1 < sql.length()
        && Character.isLetter(sql.charAt(i + 1))
        && (i == 0 || sql.charAt(i - 1) != ':');
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** The end of the literal, identifier, body or comment that starts at {@code i}; else i. */
  private static int skipQuoted(String sql, int i) {
    if (sql.startsWith("--", i)) {
      int end = sql.indexOf('\n', i);
      return end < 0 ? sql.length() : end;
    }
    if (sql.startsWith("/*", i)) {
      return closing(sql, i, "*/", 2);
    }
    if (sql.startsWith("$$", i)) {
      return closing(sql, i, "$$", 2);
    }
    char c = sql.charAt(i);
    return c == '\'' || c == '"' ? closing(sql, i, String.valueOf(c), 1) : i;
  }

  private static int closing(String sql, int start, String close, int opener) {
    int end = sql.indexOf(close, start + opener);
    if (end < 0) {
      throw new IllegalArgumentException("unclosed " + close + " in " + sql);
    }
    return end + close.length();
  }

  /** The statement as written, with its named parameters. */
  String named() {
    return named;
  }

  /** Prepares the statement on {@code connection}. */
  Statement prepare(Connection connection) throws SQLException {
    return new Statement(connection.prepareStatement(jdbc));
  }

  /**
   * Prepares a statement that the server plans for each run (prepareThreshold 0): a generic plan
   * made while a table was small would be kept after it grew.
   */
  Statement prepareUnplanned(Connection connection) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(jdbc);
    ps.unwrap(PGStatement.class).setPrepareThreshold(0);
    return new Statement(ps);
  }

  /** A prepared statement whose parameters are set by name. */
  final class Statement implements AutoCloseable {
    private final PreparedStatement ps;
    private final BitSet set = new BitSet();

    private Statement(PreparedStatement ps) {
      this.ps = ps;
    }

    Statement text(String name, String value) throws SQLException {
      for (int index : indexes(name)) {
        ps.setString(index, value);
      }
      return this;
    }

    Statement instant(String name, Instant value) throws SQLException {
      for (int index : indexes(name)) {
        Rows.setInstant(ps, index, value);
      }
      return this;
    }

    Statement bigint(String name, Long value) throws SQLException {
      for (int index : indexes(name)) {
        ps.setObject(index, value, Types.BIGINT);
      }
      return this;
    }

    Statement integer(String name, Integer value) throws SQLException {
      for (int index : indexes(name)) {
        ps.setObject(index, value, Types.INTEGER);
      }
      return this;
    }

    Statement bool(String name, boolean value) throws SQLException {
      for (int index : indexes(name)) {
        ps.setBoolean(index, value);
      }
      return this;
    }

    Statement texts(String name, Collection<String> values) throws SQLException {
      return array(name, values == null ? null : Rows.textArray(ps.getConnection(), values));
    }

    /** An array of {@code type} ({@code bigint}, {@code integer}, {@code text}...). */
    Statement array(String name, String type, Object[] values) throws SQLException {
      return array(name, values == null ? null : ps.getConnection().createArrayOf(type, values));
    }

    private Statement array(String name, Array value) throws SQLException {
      for (int index : indexes(name)) {
        ps.setArray(index, value);
      }
      return this;
    }

    private List<Integer> indexes(String name) {
      List<Integer> indexes = places.get(name);
      if (indexes == null) {
        throw new IllegalArgumentException("no parameter :" + name + " in " + jdbc);
      }
      indexes.forEach(set::set);
      return indexes;
    }

    ResultSet query() throws SQLException {
      requireAllSet();
      return ps.executeQuery();
    }

    int update() throws SQLException {
      requireAllSet();
      return ps.executeUpdate();
    }

    /** Adds the parameters set so far as one row of a batch. */
    void addBatch() throws SQLException {
      requireAllSet();
      ps.addBatch();
    }

    int[] executeBatch() throws SQLException {
      return ps.executeBatch();
    }

    private void requireAllSet() {
      for (var parameter : places.entrySet()) {
        if (!set.get(parameter.getValue().get(0))) {
          throw new IllegalStateException(
              "parameter :" + parameter.getKey() + " is not set in " + jdbc);
        }
      }
    }

    @Override
    public void close() throws SQLException {
      ps.close();
    }
  }
}
