package dev.tenantmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemoryExceptionTest {

  @Test
  void carriesCodeMessageAndCause() {
    IOException cause = new IOException("socket closed");
    MemoryException e = new MemoryException(ErrorCode.DATABASE_UNAVAILABLE, "no database", cause);

    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo("no database");
    assertThat(e.getCause()).isSameAs(cause);
  }

  @Test
  void retryableFollowsTheCode() {
    assertThat(new MemoryException(ErrorCode.DATABASE_UNAVAILABLE, "x").isRetryable()).isTrue();
    assertThat(new MemoryException(ErrorCode.TRANSIENT_DATABASE_ERROR, "x").isRetryable()).isTrue();
    assertThat(new MemoryException(ErrorCode.INVALID_ARGUMENT, "x").isRetryable()).isFalse();
    assertThat(new MemoryException(ErrorCode.CIPHERTEXT_REJECTED, "x").isRetryable()).isFalse();
  }

  @Test
  void refusesNullCode() {
    assertThatThrownBy(() -> new MemoryException(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("code");
  }
}
