package dev.tenantmemory.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UnknownKeyExceptionTest {
  @ParameterizedTest
  @EnumSource(UnknownKeyException.Kind.class)
  void carriesItsKindAndVersionAndSaysWhatToDo(UnknownKeyException.Kind kind) {
    UnknownKeyException e = new UnknownKeyException(kind, 7);

    assertThat(e).isInstanceOf(MemoryException.class);
    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_KEY);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.version()).isEqualTo(7);
    assertThat(e.getMessage()).contains("version 7");
  }

  @Test
  void configurationErrorsUseTheConfigurationCode() {
    assertThat(new KeyConfigurationException("x").code()).isEqualTo(ErrorCode.CONFIGURATION);
  }
}
