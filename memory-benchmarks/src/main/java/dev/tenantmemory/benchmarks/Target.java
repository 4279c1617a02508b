package dev.tenantmemory.benchmarks;

/** What a search benchmark runs: the library, its SQL raw, or the peer. */
enum Target {
  /** Tenant Memory's {@code TenantMemory.search}; the JMH method {@code store}. */
  STORE("Tenant Memory", "store", "#1f6fb4"),
  /** The store's SQL replayed over plain JDBC; the JMH method {@code rawSql}. */
  RAW("raw SQL", "rawSql", "#7a7a7a"),
  /** LangChain4j's {@code PgVectorEmbeddingStore}; the JMH method {@code langchain4j}. */
  LANGCHAIN4J("LangChain4j", "langchain4j", "#e8731a");

  private final String title;
  private final String method;
  private final String color;

  Target(String title, String method, String color) {
    this.title = title;
    this.method = method;
    this.color = color;
  }

  /** Its colour in charts. */
  String color() {
    return color;
  }

  String title() {
    return title;
  }

  String method() {
    return method;
  }

  static Target forMethod(String method) {
    for (Target t : values()) {
      if (t.method.equals(method)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "no target " + method + ": the targets are store, rawSql and langchain4j");
  }
}
