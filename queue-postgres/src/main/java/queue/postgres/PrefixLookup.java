package queue.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import queue.core.Ids;
import queue.core.rules.IdPrefixes;

/**
 * Resolves an id typed by a user (a whole id or a unique prefix of 8+ characters) with the rules
 * and words of the file store: the id itself wins, else the only id it is a prefix of; several
 * matches are refused (exit 2), naming some of them. Ids are compared byte by byte (COLLATE "C"),
 * so {@code LIKE 'prefix%'} runs on the primary key's index.
 */
final class PrefixLookup {
  private static final int SHOWN = 5;

  private PrefixLookup() {}

  /**
   * The one id that {@code typed} names among the ids {@code idQuery} selects, or null. The query's
   * one parameter, {@code :pattern}, is the LIKE pattern ({@code ESCAPE '\\'}).
   */
  static String resolve(Connection connection, String typed, String idQuery, String what)
      throws SQLException {
    String prefix = Ids.requirePrefix(typed);
    List<String> matches = new ArrayList<>();
    long count = 0;
    Sql lookup =
        Sql.of(
            """
            SELECT id, count(*) OVER ()
            FROM (%s) ids
            ORDER BY id
            LIMIT :shown
            """
                .formatted(idQuery));
    try (Sql.Statement statement = lookup.prepare(connection)) {
      statement.text("pattern", likePattern(prefix)).integer("shown", SHOWN + 1);
      try (ResultSet rs = statement.query()) {
        while (rs.next()) {
          if (rs.getString(1).equals(prefix)) {
            return prefix;
          }
          matches.add(rs.getString(1));
          count = rs.getLong(2);
        }
      }
    }
    if (count > 1) {
      throw IdPrefixes.ambiguous(typed, matches, count, what);
    }
    return matches.isEmpty() ? null : matches.get(0);
  }

  static String likePattern(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
