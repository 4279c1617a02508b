package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.Chunk;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code expire}: deletes the chunks whose expiry has passed, in batches. */
class ExpireCommandTest extends CommandTestBase {
  @Test
  void deletesOnlyTheExpiredChunk() {
    migrate();
    aliceWithNotes(
        Chunk.builder("doc", "stale", vector(99))
            .expiresAt(Instant.now().minusSeconds(60))
            .build());

    Run expire = run(env, "expire", "--batch-size", "10");
    assertThat(expire.out()).isEqualTo("Deleted 1 expired chunk(s).\n");
  }
}
