package dev.tenantmemory.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one check of the names that the modules put into SQL text (schemas, roles): a plain,
 * lower-case identifier, which PostgreSQL keeps as written and which needs no quoting rules of its
 * own. Not API.
 */
public final class SqlIdentifier {
  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private SqlIdentifier() {}

  /**
   * Checks a name before it is used in SQL.
   *
   * @param option the setting's name, for the message (for example {@code schema})
   * @param value the name to check
   * @return {@code value}
   * @throws IllegalArgumentException naming the setting when {@code value} is not a lower-case SQL
   *     identifier of at most 63 characters
   */
  public static String require(String option, String value) {
    Objects.requireNonNull(value, option);
    if (!PLAIN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          option
              + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters),"
              + " was \""
              + value
              + "\"");
    }
    return value;
  }
}
