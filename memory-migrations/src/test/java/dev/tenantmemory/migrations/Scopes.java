package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Tenant scopes for the migrations' tests: one scope key, installed as the owner. */
final class Scopes {
  static final ScopeTokens TOKENS =
      ScopeTokens.create(KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.random(32))));

  private Scopes() {}

  /** Installs the scope key of version 1 into {@code schema}, as the owner. */
  static void install(DataSource owner, String schema) throws SQLException {
    ScopeTokens.Pads pads = TOKENS.pads(1);
    try (Connection c = owner.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO \""
                    + schema
                    + "\".memory_scope_keys (version, inner_pad, outer_pad) VALUES (1, ?, ?)"
                    + " ON CONFLICT (version) DO UPDATE SET inner_pad = EXCLUDED.inner_pad,"
                    + " outer_pad = EXCLUDED.outer_pad")) {
      s.setBytes(1, pads.inner());
      s.setBytes(2, pads.outer());
      s.executeUpdate();
    }
  }

  /** Enters {@code userHash}'s scope in the connection's transaction; fails if it is refused. */
  static void enter(Connection c, String schema, String userHash) throws SQLException {
    assertThat(TenantScope.enter(c, schema, userHash, TOKENS::mint))
        .as("the scope of %s is granted", userHash)
        .isTrue();
  }
}
