package dev.tenantmemory.core;

import com.pgvector.PGvector;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Runs work in one transaction on a pooled connection. A tenant transaction enters its tenant's
 * scope in two statements before any work. The first sets {@code app.user_hash} transaction-locally
 * (gone at commit or rollback, so the next borrower of the connection starts with none), forces
 * custom plans (so no cached generic plan can freeze one tenant's search strategy for all, except
 * in the write transactions of {@link #inTenantWithCachedPlans}, whose plans have no strategy),
 * reads the catalog facts the rules judge, and reads the backend's pid and the transaction's start.
 * The second presents a token minted for exactly that backend and transaction ({@link ScopeTokens})
 * to {@code memory_enter_scope}, which grants the transaction the tenant; the isolation policies
 * admit rows of the granted tenant only, so a hash set without a token, or with another
 * transaction's, shows nothing. A refused token fails the transaction.
 */
final class Transactions {
  /** Work inside a transaction; may throw SQLException, which is translated. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final String SET_TENANT =
      "SELECT set_config('app.user_hash', ?, true), pg_backend_pid() AS tm_backend_pid,"
          + " (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint AS tm_transaction_micros";

  private static final String FORCE_CUSTOM_PLANS =
      ", set_config('plan_cache_mode', 'force_custom_plan', true)";

  private final DataSource dataSource;
  private final SchemaNames names;
  private final String isolationFacts;
  private final StoreEvents events;
  private final ScopeTokens tokens;
  private final String enterScope;

  /** Transactions for maintenance, which name no tenant. */
  Transactions(DataSource dataSource) {
    this(dataSource, null, null, null);
  }

  /**
   * Transactions for a store over the given settings' tables. Every tenant transaction also reads,
   * in its first statement, the {@link CatalogReader.Scope#TRANSACTION} subset of the catalog facts
   * and judges it with {@link CatalogRule}: if isolation stopped holding since the store started,
   * the transaction fails before it reads a row, and {@code events} hears of it. Scope tokens are
   * minted with {@code tokens}.
   */
  Transactions(
      DataSource dataSource, StoreSettings settings, StoreEvents events, ScopeTokens tokens) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.names = settings == null ? null : settings.names();
    this.isolationFacts =
        settings == null ? null : CatalogReader.selectList(names, CatalogReader.Scope.TRANSACTION);
    this.events = events;
    this.tokens = tokens;
    this.enterScope = names == null ? null : names.enterScope();
  }

  <T> T inTenant(String userHash, String action, Work<T> work) {
    return inTenant(userHash, new String[0][], action, work);
  }

  /**
   * Like {@link #inTenant(String, String, Work)}, also setting transaction-local settings in the
   * same statement. Names and values are the library's own constants, never caller input.
   */
  <T> T inTenant(String userHash, String[][] settings, String action, Work<T> work) {
    return inTenant(userHash, true, settings, action, work);
  }

  /**
   * Like {@link #inTenant(String, String, Work)}, but leaves {@code plan_cache_mode} as it is, so
   * that PostgreSQL may reuse a prepared statement's generic plan. Only for work whose plans cannot
   * depend on the tenant: {@code putAll}'s key read and upserts, whose partition is chosen per row
   * at execution and whose policy is checked per row, whichever plan runs.
   */
  <T> T inTenantWithCachedPlans(String userHash, String action, Work<T> work) {
    return inTenant(userHash, false, new String[0][], action, work);
  }

  private <T> T inTenant(
      String userHash, boolean customPlans, String[][] settings, String action, Work<T> work) {
    StringBuilder sql = new StringBuilder(SET_TENANT);
    if (customPlans) {
      sql.append(FORCE_CUSTOM_PLANS);
    }
    for (String[] setting : settings) {
      sql.append(", set_config('").append(setting[0]).append("', '").append(setting[1]);
      sql.append("', true)");
    }
    if (isolationFacts != null) {
      sql.append(", ").append(isolationFacts);
    }
    String setTenant = sql.toString();
    return run(
        action,
        c -> {
          int backendPid;
          long transactionMicros;
          try (PreparedStatement s = c.prepareStatement(setTenant)) {
            s.setString(1, userHash);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              if (isolationFacts != null) {
                refuseIfUnsafe(CatalogReader.facts(rs, names, CatalogReader.Scope.TRANSACTION));
              }
              backendPid = rs.getInt("tm_backend_pid");
              transactionMicros = rs.getLong("tm_transaction_micros");
            }
          }
          enterScope(c, userHash, backendPid, transactionMicros);
          return work.run(c);
        });
  }

  /** Presents this transaction's token; a refusal fails the transaction before any work. */
  private void enterScope(Connection c, String userHash, int backendPid, long transactionMicros)
      throws SQLException {
    if (tokens == null) {
      throw new IllegalStateException("maintenance transactions enter no tenant scope");
    }
    boolean granted;
    try (PreparedStatement s = c.prepareStatement(enterScope)) {
      s.setString(1, tokens.mint(userHash, backendPid, transactionMicros));
      try (ResultSet rs = s.executeQuery()) {
        granted = rs.next() && rs.getBoolean(1);
      }
    }
    if (!granted) {
      events.guardRefused(MemoryListener.GuardStage.TRANSACTION);
      throw new ConfigurationException(
          "The database refused this store's tenant scope token (scope key version "
              + tokens.primaryVersion()
              + "): its scope key is not installed there, was retired, or differs from this"
              + " store's key provider. Install the scope keys of the store's key provider as the"
              + " owner: MemoryMaintenance.installScopeKeys() (CLI: install-scope-keys).");
    }
  }

  private void refuseIfUnsafe(CatalogFacts facts) {
    List<CatalogRule.Violation> violations = CatalogRule.judgeTransaction(facts);
    if (!violations.isEmpty()) {
      events.guardRefused(MemoryListener.GuardStage.TRANSACTION);
      throw new ConfigurationException(
          "Tenant isolation no longer holds for this store's role, so it refuses to run: "
              + violations.get(0).message()
              + " MemoryStore.health() names every problem.");
    }
  }

  <T> T withoutTenant(String action, Work<T> work) {
    return run(action, work);
  }

  /**
   * Runs work with auto-commit on, for statements that cannot run inside a transaction block, such
   * as {@code CREATE INDEX CONCURRENTLY}.
   */
  <T> T autoCommitted(String action, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(true);
      try {
        return work.run(c);
      } finally {
        restoreQuietly(c, autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(action, e);
    }
  }

  private <T> T run(String action, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        PGvector.addVectorType(c);
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restoreQuietly(c, autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(action, e);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  private static void restoreQuietly(Connection c, boolean autoCommit) {
    try {
      if (!c.isClosed()) {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      // A broken connection is discarded by the pool; nothing to restore.
    }
  }
}
