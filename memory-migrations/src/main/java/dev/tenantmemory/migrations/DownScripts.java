package dev.tenantmemory.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The down script of each migration version, from {@code db/memory/rollback/D<version>__*.sql},
 * with the same placeholders as the migrations.
 */
final class DownScripts {
  private static final String DIRECTORY = "db/memory/rollback/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");
  private static final Map<Integer, String> NAMES =
      Map.of(
          1, "D1__tables.sql",
          2, "D2__row_level_security.sql",
          3, "D3__indexes.sql",
          4, "D4__maintenance_policies.sql",
          5, "D5__search_planner.sql",
          6, "D6__vacuum_settings.sql",
          7, "D7__tenant_scope.sql",
          8, "D8__chunk_attributes.sql",
          9, "D9__replica_scope.sql");

  private DownScripts() {}

  static String load(int version, Map<String, String> placeholders) {
    String name = NAMES.get(version);
    if (name == null) {
      throw new MigrationException(
          "No down script for version " + version + ": this library cannot roll it back");
    }
    String sql;
    try (InputStream in =
        DownScripts.class.getClassLoader().getResourceAsStream(DIRECTORY + name)) {
      if (in == null) {
        throw new MigrationException(
            "Down script " + DIRECTORY + name + " is missing from the jar");
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException("Cannot read down script " + DIRECTORY + name, e);
    }
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = placeholders.get(m.group(1));
      if (value == null) {
        throw new MigrationException(
            "Down script " + name + " uses unknown placeholder " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
