package queue.postgres;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import queue.core.error.InvalidInputException;

/**
 * A store URL, {@code postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?PARAM=VALUE&...]}, read
 * the libpq way: a password not in the URL comes from {@code PGPASSWORD}, else from the password
 * file ({@code PGPASSFILE} or {@code ~/.pgpass}, which the JDBC driver reads itself when it is
 * given no password); a user not in the URL from {@code PGUSER}, else the login name. Parameters
 * are passed to the driver ({@code sslmode}, {@code sslrootcert}, ...; libpq's {@code
 * connect_timeout} and {@code application_name} under the driver's names).
 *
 * <p>The password is never part of {@link #location()}, {@link #toString()} or any message.
 *
 * @param user null for the driver's default (the login name)
 * @param password null to let the driver read the password file
 */
public record PostgresUrl(
    String host,
    int port,
    String database,
    String user,
    String password,
    Map<String, String> parameters) {

  public static final int DEFAULT_PORT = 5432;

  private static final Pattern FORM =
      Pattern.compile(
          "(?i:postgres(?:ql)?)://(?:([^:@/?#]*)(?::([^@/?#]*))?@)?"
              + "(\\[[0-9A-Fa-f:.]+]|[^:/?#\\[\\]@]+)(?::(\\d{1,5}))?/([^?#/]+)(?:\\?([^#]*))?");
  private static final Map<String, String> LIBPQ_NAMES =
      Map.of("connect_timeout", "connectTimeout", "application_name", "ApplicationName");
  private static final String USAGE =
      "use postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?PARAM=VALUE&...]";

  public PostgresUrl {
    parameters = Map.copyOf(parameters);
  }

  /** True if {@code location} names a PostgreSQL store, by its scheme alone. */
  public static boolean isPostgres(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql://") || lower.startsWith("postgres://");
  }

  /** Parses {@code text}; anything that is not such a URL is exit 2, with the password hidden. */
  public static PostgresUrl parse(String text, Map<String, String> env) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw invalid(text, "it does not have that form");
    }
    int port = m.group(4) == null ? DEFAULT_PORT : Integer.parseInt(m.group(4));
    if (port < 1 || port > 65535) {
      throw invalid(text, "port " + port + " is out of range");
    }
    Map<String, String> parameters = parameters(text, m.group(6));
    String user = firstSet(decode(text, m.group(1)), parameters.remove("user"), env.get("PGUSER"));
    String password =
        firstSet(decode(text, m.group(2)), parameters.remove("password"), env.get("PGPASSWORD"));
    String host = m.group(3);
    return new PostgresUrl(host, port, decode(text, m.group(5)), user, password, parameters);
  }

  private static Map<String, String> parameters(String text, String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw invalid(text, "parameter '" + redactedPair(pair) + "' is not NAME=VALUE");
      }
      String name = decode(text, pair.substring(0, equals));
      parameters.put(
          LIBPQ_NAMES.getOrDefault(name, name), decode(text, pair.substring(equals + 1)));
    }
    return parameters;
  }

  private static String redactedPair(String pair) {
    return pair.toLowerCase(Locale.ROOT).startsWith("password") ? "password..." : pair;
  }

  private static String decode(String text, String part) {
    if (part == null || part.isEmpty()) {
      return null;
    }
    try {
      return java.net.URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(text, "it has a broken %-escape");
    }
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private static InvalidInputException invalid(String text, String reason) {
    return new InvalidInputException(
        "invalid PostgreSQL URL '" + redact(text) + "': " + reason + "; " + USAGE);
  }

  /** {@code text} with whatever could be a password (between "USER:" and '@') replaced. */
  static String redact(String text) {
    if (text == null) {
      return "";
    }
    String hidden = text.replaceAll("(?i)([?&]password=)[^&#]*", "$1***");
    int scheme = hidden.indexOf("://");
    int at = hidden.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return hidden;
    }
    int colon = hidden.indexOf(':', scheme + 3);
    return colon < 0 || colon > at
        ? hidden
        : hidden.substring(0, colon + 1) + "***" + hidden.substring(at);
  }

  /** {@code postgresql://[user@]host:port/database}: where the store is, without the password. */
  public String location() {
    return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
  }

  /** The host name for the driver: an IPv6 address without its brackets. */
  String driverHost() {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** The driver's connection properties: the URL's parameters, the user and the password. */
  Properties driverProperties() {
    Properties properties = new Properties();
    parameters.forEach(properties::setProperty);
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  /** The driver's URL, without user or password (they go in the properties). */
  String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + encode(database);
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return location();
  }
}
