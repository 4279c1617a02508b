package dev.tenantmemory.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Refuses to let a store start, or stay healthy, on a database where tenant isolation would not
 * hold: it reads the {@link CatalogFacts} and refuses on the first rule of {@link CatalogRule} they
 * violate, with a message that says what to fix.
 */
final class StoreGuard {
  private StoreGuard() {}

  /** Runs every check; returns the embedding column's type, {@code vector} or {@code halfvec}. */
  static String check(DataSource dataSource, StoreSettings settings) {
    try (Connection c = dataSource.getConnection()) {
      return check(c, settings);
    } catch (SQLException e) {
      throw SqlErrors.translate("Checking the database", e);
    }
  }

  /** The same checks on a connection the caller holds (a read replica's, in its transaction). */
  static String check(Connection c, StoreSettings settings) throws SQLException {
    CatalogFacts facts = CatalogReader.read(c, settings.names(), CatalogReader.Scope.STORE);
    List<CatalogRule.Violation> violations = CatalogRule.judge(facts, settings.dimension());
    if (!violations.isEmpty()) {
      throw new ConfigurationException(violations.get(0).message());
    }
    return CatalogRule.vectorType(facts);
  }
}
