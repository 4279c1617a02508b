package dev.tenantmemory.langchain4j;

import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import dev.tenantmemory.core.Filter;

/**
 * A LangChain4j filter as a Tenant Memory {@link Filter} over the store's declared attributes,
 * which have LangChain4j's semantics (a missing key fails every comparison but {@code isNotEqualTo}
 * and {@code isNotIn}; numbers compare as decimals). Filtering on a key the store does not declare
 * is the store's typed error; {@link ContainsString} is the literal substring test of a {@code
 * PLAIN} string.
 */
final class FilterTranslation {
  private FilterTranslation() {}

  static Filter of(dev.langchain4j.store.embedding.filter.Filter f) {
    if (f instanceof And and) {
      return of(and.left()).and(of(and.right()));
    }
    if (f instanceof Or or) {
      return of(or.left()).or(of(or.right()));
    }
    if (f instanceof Not not) {
      return Filter.not(of(not.expression()));
    }
    if (f instanceof IsEqualTo c) {
      return Filter.attribute(c.key()).eq(c.comparisonValue());
    }
    if (f instanceof IsNotEqualTo c) {
      return Filter.attribute(c.key()).ne(c.comparisonValue());
    }
    if (f instanceof IsGreaterThan c) {
      return Filter.attribute(c.key()).gt(c.comparisonValue());
    }
    if (f instanceof IsGreaterThanOrEqualTo c) {
      return Filter.attribute(c.key()).gte(c.comparisonValue());
    }
    if (f instanceof IsLessThan c) {
      return Filter.attribute(c.key()).lt(c.comparisonValue());
    }
    if (f instanceof IsLessThanOrEqualTo c) {
      return Filter.attribute(c.key()).lte(c.comparisonValue());
    }
    if (f instanceof IsIn c) {
      return Filter.attribute(c.key()).in(c.comparisonValues());
    }
    if (f instanceof IsNotIn c) {
      return Filter.attribute(c.key()).notIn(c.comparisonValues());
    }
    if (f instanceof ContainsString c) {
      return Filter.attribute(c.key()).contains(c.comparisonValue());
    }
    throw new UnsupportedOperationException(
        "filter " + f.getClass().getName() + " is not supported");
  }
}
