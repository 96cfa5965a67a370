package queue.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import queue.core.api.Claim;
import queue.core.api.ClaimRequest;
import queue.core.api.Completion;
import queue.core.api.LeaseRef;
import queue.core.api.Leases;
import queue.core.model.Transition;
import queue.postgres.PostgresSettlement.Ended;
import queue.postgres.PostgresSettlement.Ending;

/**
 * {@link Leases}: the claim ({@link PostgresClaims}), the outcomes and hand-backs ({@link
 * PostgresSettlement}), renewals. Every change to a claimed entry names the claim's fencing token
 * in its WHERE clause, so a late answer from a claim that was taken over matches no row.
 */
final class PostgresLeases implements Leases {
  private final Database database;
  private final Clock clock;
  private final PostgresClaims claims;

  PostgresLeases(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
    this.claims = new PostgresClaims(clock);
  }

  @Override
  public List<List<Claim>> claim(ClaimRequest request) {
    return database.transaction(connection -> claims.claim(connection, request));
  }

  private static final Sql RENEW =
      Sql.of(
          """
          UPDATE queue_entries e
          SET lease_expires_at = :lease_until
          FROM unnest(:ids::text[], :tokens::bigint[]) AS held (id, token)
          WHERE e.id = held.id
            AND e.lease_token = held.token
            AND e.state = 'PROCESSING'
          RETURNING e.id
          """);

  @Override
  public Set<String> renew(Collection<LeaseRef> leases, Duration lease) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    return database.transaction(
        connection -> {
          Set<String> renewed = new HashSet<>();
          try (Sql.Statement statement = RENEW.prepare(connection)) {
            statement.instant("lease_until", clock.instant().plus(lease));
            setLeases(statement, leases);
            try (ResultSet rs = statement.query()) {
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
    Instant now = Rows.micros(clock.instant());
    // One outcome per entry: a later completion of the same entry takes the place of an earlier.
    Map<String, Ending> byEntry = new LinkedHashMap<>();
    for (Completion completion : completions) {
      byEntry.put(
          completion.entryId(),
          new Ending(
              completion.entryId(),
              completion.lease().token(),
              completion.outcome().transition(now)));
    }
    List<Ending> endings = List.copyOf(byEntry.values());
    return database.transaction(
        connection -> {
          Ended ended = PostgresSettlement.end(connection, endings);
          PostgresNotices.queueOwed(connection, ended.failed(), now);
          return ended.count();
        });
  }

  @Override
  public int handBack(Collection<LeaseRef> leases) {
    if (leases.isEmpty()) {
      return 0;
    }
    Transition handedBack = Transition.handedBack(clock.instant());
    Map<String, Ending> byEntry = new LinkedHashMap<>();
    for (LeaseRef lease : leases) {
      byEntry.put(lease.entryId(), new Ending(lease.entryId(), lease.token(), handedBack));
    }
    List<Ending> endings = List.copyOf(byEntry.values());
    return database.transaction(
        connection -> {
          int handed = PostgresSettlement.end(connection, endings).count();
          if (handed > 0) {
            PostgresChanges.notify(connection);
          }
          return handed;
        });
  }

  // The earliest due time to come (queue_due_at, the claim's rule), leaving out the owner's own
  // leases: it renews or settles them. The index on queue_due_at serves min() as a scan from now.
  static final Sql NEXT_DUE =
      Sql.of(
          """
          SELECT min(queue_due_at(state, next_attempt_at, expires_at, lease_expires_at)) AS due
          FROM queue_entries
          WHERE state IN ('PENDING', 'PROCESSING')
            AND queue_due_at(state, next_attempt_at, expires_at, lease_expires_at) > :now
            AND lease_owner IS DISTINCT FROM :owner
          """);

  @Override
  public Optional<Instant> nextDue(String owner) {
    return database.transaction(
        connection -> {
          try (Sql.Statement statement = NEXT_DUE.prepare(connection)) {
            statement.instant("now", clock.instant()).text("owner", owner);
            try (ResultSet rs = statement.query()) {
              rs.next();
              return Optional.ofNullable(Rows.instant(rs, "due"));
            }
          }
        });
  }

  /** Sets the ids and tokens of {@code leases} as the arrays {@code :ids} and {@code :tokens}. */
  static void setLeases(Sql.Statement statement, Collection<LeaseRef> leases) throws SQLException {
    List<String> ids = new ArrayList<>(leases.size());
    Long[] tokens = new Long[leases.size()];
    int i = 0;
    for (LeaseRef lease : leases) {
      ids.add(lease.entryId());
      tokens[i++] = lease.token();
    }
    statement.texts("ids", ids).array("tokens", "bigint", tokens);
  }
}
