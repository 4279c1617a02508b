package dev.tenantmemory.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of JDBC failure maps to a code that says whether retrying can help. */
class SqlErrorsTest {

  @ParameterizedTest(name = "SQLSTATE {0} -> {1}")
  @CsvSource({
    "08001, DATABASE_UNAVAILABLE",
    "08006, DATABASE_UNAVAILABLE",
    "57P01, DATABASE_UNAVAILABLE",
    "40001, TRANSIENT_DATABASE_ERROR",
    "40P01, TRANSIENT_DATABASE_ERROR",
    "57014, TRANSIENT_DATABASE_ERROR",
    "55P03, TRANSIENT_DATABASE_ERROR",
    "53300, TRANSIENT_DATABASE_ERROR",
    "23505, DATABASE_ERROR",
    "42501, DATABASE_ERROR",
  })
  void mapsSqlStates(String state, ErrorCode expected) {
    MemoryException e = SqlErrors.translate("put", new SQLException("boom", state));
    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.getMessage()).startsWith("put failed: [" + state + "] boom");
    assertThat(e.isRetryable()).isEqualTo(expected.isRetryable());
  }

  @Test
  void rowLevelSecurityRefusalsAreIsolationErrors() {
    MemoryException e =
        SqlErrors.translate(
            "put",
            new SQLException("new row violates row-level security policy for table x", "42501"));
    assertThat(e).isInstanceOf(TenantIsolationException.class);
    assertThat(e.code()).isEqualTo(ErrorCode.TENANT_ISOLATION);
  }

  @Test
  void driverExceptionTypesWithoutAStateAreClassifiedByType() {
    assertThat(SqlErrors.translate("x", new SQLRecoverableException("gone")).code())
        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(SqlErrors.translate("x", new SQLTransientConnectionException("pool timeout")).code())
        .isEqualTo(ErrorCode.TRANSIENT_DATABASE_ERROR);
    assertThat(SqlErrors.translate("x", new SQLException("odd")).getMessage())
        .isEqualTo("x failed: odd");
  }

  @Test
  void aFailedBatchReportsTheServerErrorNotItsBindValues() {
    BatchUpdateException batch =
        new BatchUpdateException(
            "Batch entry 0 INSERT ... 'secret-doc' was aborted", "22000", 0, new int[0], null);
    batch.setNextException(new SQLException("value too long", "22001"));
    MemoryException e = SqlErrors.translate("put", batch);
    assertThat(e.getMessage()).isEqualTo("put failed: [22001] value too long");
    assertThat(e.getMessage()).doesNotContain("secret-doc");
    assertThat(e.getCause()).isNotInstanceOf(BatchUpdateException.class);
  }
}
