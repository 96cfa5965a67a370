package queue.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import queue.core.error.InvalidInputException;

class PostgresUrlTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void everyPartIsRead() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgresql://queue:pa%40ss@db.example:6543/queue%20db?sslmode=require&connect_timeout=3",
            NO_ENV);

    assertEquals("db.example", url.host());
    assertEquals(6543, url.port());
    assertEquals("queue db", url.database());
    assertEquals("queue", url.user());
    assertEquals("pa@ss", url.password());
    assertEquals(Map.of("sslmode", "require", "connectTimeout", "3"), url.parameters());
  }

  @Test
  void theShortSchemeAndDefaultsAreAccepted() {
    PostgresUrl url = PostgresUrl.parse("postgres://db/queue", NO_ENV);

    assertEquals(5432, url.port());
    assertNull(url.user());
    assertNull(url.password());
    assertEquals("postgresql://db:5432/queue", url.location());
    assertTrue(PostgresUrl.isPostgres("POSTGRES://db/queue"));
    assertFalse(PostgresUrl.isPostgres("/var/lib/queue"));
  }

  @Test
  void anIpv6HostKeepsItsBrackets() {
    PostgresUrl url = PostgresUrl.parse("postgresql://[::1]:5433/queue", NO_ENV);

    assertEquals("postgresql://[::1]:5433/queue", url.location());
    assertEquals("::1", url.driverHost());
  }

  @Test
  void userAndPasswordComeFromTheEnvironmentWhenTheUrlHasNone() {
    PostgresUrl url =
        PostgresUrl.parse(
            "postgresql://db/queue", Map.of("PGUSER", "envuser", "PGPASSWORD", "envpass"));

    assertEquals("envuser", url.user());
    assertEquals("envpass", url.password());
    assertEquals("postgresql://envuser@db:5432/queue", url.location());
  }

  @Test
  void theUrlsPasswordWinsOverPgpassword() {
    PostgresUrl url =
        PostgresUrl.parse("postgresql://u:inurl@db/queue", Map.of("PGPASSWORD", "envpass"));

    assertEquals("inurl", url.password());
  }

  @Test
  void thePasswordIsInNoTextTheUrlGivesOut() {
    PostgresUrl url =
        PostgresUrl.parse("postgresql://u:topsecret@db/queue?sslmode=verify-full", NO_ENV);

    assertEquals("postgresql://u@db:5432/queue", url.location());
    assertFalse(url.toString().contains("topsecret"));
    assertFalse(url.jdbcUrl().contains("topsecret"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://u:topsecret@db",
        "postgresql://u:topsecret@db:99999/queue",
        "postgresql://u:topsecret@/queue",
        "postgresql://u:topsecret@db:port/queue",
        "postgresql://u:topsecret@db/queue?novalue",
        "postgresql://u:topsecret@db/q%zz",
        "postgresql://db/queue?password=topsecret&broken"
      })
  void aUrlThatDoesNotParseIsExit2WithThePasswordHidden(String text) {
    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> PostgresUrl.parse(text, NO_ENV));

    assertEquals(2, error.exitCode());
    assertTrue(error.getMessage().startsWith("invalid PostgreSQL URL '"), error.getMessage());
    assertFalse(error.getMessage().contains("topsecret"), error.getMessage());
  }
}
