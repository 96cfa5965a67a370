package queue.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;

/**
 * {@link Leases}: the claim ({@link PostgresClaims}), the outcomes ({@link PostgresSettlement}),
 * renewals and hand-backs. Every change to a claimed entry names the claim's fencing token in its
 * WHERE clause, so a late answer from a claim that was taken over matches no row.
 */
final class PostgresLeases implements Leases {
  private static final String RENEW =
      "UPDATE queue_entries SET lease_expires_at = ?"
          + " FROM unnest(?::text[], ?::bigint[]) AS held (id, token)"
          + " WHERE queue_entries.id = held.id AND lease_token = held.token"
          + " AND state = 'PROCESSING' RETURNING queue_entries.id";
  private static final String HAND_BACK =
      "UPDATE queue_entries SET state = 'PENDING', next_attempt_at = ?, lease_owner = NULL,"
          + " lease_token = 0, lease_expires_at = NULL"
          + " FROM unnest(?::text[], ?::bigint[]) AS held (id, token)"
          + " WHERE queue_entries.id = held.id AND lease_token = held.token"
          + " AND state = 'PROCESSING'";
  // The earliest of: a retry or scheduled time to come (or a TTL running out first), a lease of
  // another owner running out.
  private static final String NEXT_DUE =
      "SELECT least("
          + "(SELECT min(next_attempt_at) FROM queue_entries WHERE state = 'PENDING'"
          + " AND next_attempt_at > ? AND (expires_at IS NULL OR expires_at >= next_attempt_at)),"
          + "(SELECT min(expires_at) FROM queue_entries WHERE state = 'PENDING'"
          + " AND expires_at > ? AND expires_at < next_attempt_at),"
          + "(SELECT min(lease_expires_at) FROM queue_entries WHERE state = 'PROCESSING'"
          + " AND lease_expires_at > ? AND lease_owner IS DISTINCT FROM ?))";

  private final Database database;
  private final Clock clock;
  private final PostgresClaims claims;
  private final PostgresSettlement settlement;

  PostgresLeases(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
    this.claims = new PostgresClaims(clock);
    this.settlement = new PostgresSettlement(clock);
  }

  @Override
  public List<List<Claim>> claim(ClaimRequest request) {
    return database.transaction(connection -> claims.claim(connection, request));
  }

  @Override
  public Set<String> renew(Collection<LeaseRef> leases, Duration lease) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    return database.transaction(
        connection -> {
          Set<String> renewed = new HashSet<>();
          try (PreparedStatement ps = connection.prepareStatement(RENEW)) {
            Rows.setInstant(ps, 1, clock.instant().plus(lease));
            setLeases(ps, 2, connection, leases);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                renewed.add(rs.getString(1));
              }
            }
          }
          return Set.copyOf(renewed);
        });
  }

  @Override
  public int settle(List<Completion> completions) {
    if (completions.isEmpty()) {
      return 0;
    }
    return database.transaction(connection -> settlement.settle(connection, completions));
  }

  @Override
  public int handBack(Collection<LeaseRef> leases) {
    if (leases.isEmpty()) {
      return 0;
    }
    return database.transaction(
        connection -> {
          int handed;
          try (PreparedStatement ps = connection.prepareStatement(HAND_BACK)) {
            Rows.setInstant(ps, 1, clock.instant());
            setLeases(ps, 2, connection, leases);
            handed = ps.executeUpdate();
          }
          if (handed > 0) {
            PostgresChanges.notify(connection);
          }
          return handed;
        });
  }

  @Override
  public Optional<Instant> nextDue(String owner) {
    return database.transaction(
        connection -> {
          try (PreparedStatement ps = connection.prepareStatement(NEXT_DUE)) {
            Instant now = clock.instant();
            Rows.setInstant(ps, 1, now);
            Rows.setInstant(ps, 2, now);
            Rows.setInstant(ps, 3, now);
            ps.setString(4, owner);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return Optional.ofNullable(Rows.instant(rs, "least"));
            }
          }
        });
  }

  /** Sets the ids and tokens of {@code leases} as two arrays at {@code index}. */
  static void setLeases(
      PreparedStatement ps, int index, Connection connection, Collection<LeaseRef> leases)
      throws SQLException {
    List<String> ids = new ArrayList<>(leases.size());
    Long[] tokens = new Long[leases.size()];
    int i = 0;
    for (LeaseRef lease : leases) {
      ids.add(lease.entryId());
      tokens[i++] = lease.token();
    }
    ps.setArray(index, Rows.textArray(connection, ids));
    ps.setArray(index + 1, connection.createArrayOf("bigint", tokens));
  }
}
