package dev.tenantmemory.benchmarks;

import java.util.Objects;
import java.util.Optional;

/**
 * One tenant of the corpus.
 *
 * @param index its position in the corpus, from 0; part of its chunk ids
 * @param userId the application's id for it
 * @param rows its number of chunks
 * @param planted its size class if it is a planted tenant, else empty
 */
record TenantPlan(int index, String userId, int rows, Optional<SizeClass> planted) {
  TenantPlan {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(planted, "planted");
  }
}
