package dev.tenantmemory.benchmarks;

/** What a search benchmark runs: the library, its SQL raw, the peers' query, or a peer library. */
enum Target {
  /** Tenant Memory's {@code TenantMemory.search}; the JMH method {@code store}. */
  STORE("Tenant Memory", "TM", "store", "#1f6fb4"),
  /**
   * The minimal correct client of the store's schema over plain JDBC ({@link RawClient}): the
   * baseline the store's overhead is measured against; the JMH method {@code rawSql}. Results
   * written before it existed hold the replay of the store's statements under this name.
   */
  RAW("raw SQL", "raw", "rawSql", "#7a7a7a"),
  /**
   * The store's own statements replayed over plain JDBC ({@link RawSearch}): the minimal client
   * plus the isolation facts, the plan forcing and the store's separate settings statement; the JMH
   * method {@code rawReplay}.
   */
  RAW_REPLAY("raw replay of the store's SQL", "replay", "rawReplay", "#b5b5b5"),
  /**
   * The minimal client with the store's isolation facts in its first statement ({@link
   * RawClient.Extra#ISOLATION_FACTS}), for what they cost; the JMH method {@code rawFacts}.
   */
  RAW_FACTS("raw SQL + isolation facts", "raw+facts", "rawFacts", "#9a9a9a"),
  /**
   * The minimal client forcing custom plans as the store does ({@link
   * RawClient.Extra#CUSTOM_PLANS}), for what that costs; the JMH method {@code rawCustomPlans}.
   */
  RAW_CUSTOM_PLANS("raw SQL + custom plans", "raw+plans", "rawCustomPlans", "#8a8a8a"),
  /**
   * The query peers run, on an unpartitioned copy of the rows with one global HNSW index (pgvector
   * defaults: m 16, ef_construction 64, ef_search 40, no iterative scan), filtered by tenant; the
   * JMH method {@code peerStyle}.
   */
  PEER_STYLE("peer-style (global HNSW)", "peer-style", "peerStyle", "#2a9d4b"),
  /**
   * LangChain4j's {@code PgVectorEmbeddingStore} with its defaults (no vector index); the JMH
   * method {@code langchain4j}.
   */
  LANGCHAIN4J("LangChain4j", "LC4j", "langchain4j", "#e8731a"),
  /**
   * LangChain4j's {@code PgVectorEmbeddingStore} with its IVFFlat index (probes 1), on its own
   * table; the JMH method {@code langchain4jIvfflat}.
   */
  LANGCHAIN4J_IVFFLAT("LangChain4j IVFFlat", "LC4j IVFFlat", "langchain4jIvfflat", "#c9a227"),
  /**
   * Spring AI's {@code PgVectorStore} with its defaults (HNSW, cosine), on its own table; the JMH
   * method {@code springAi}.
   */
  SPRING_AI("Spring AI", "Spring AI", "springAi", "#d62728"),
  /**
   * Tenant Memory through its LangChain4j adapter ({@code TenantMemoryEmbeddingStore.search}), for
   * the adapter's overhead over {@link #STORE}; the JMH method {@code viaLangChain4j}.
   */
  VIA_LANGCHAIN4J("Tenant Memory via LangChain4j", "TM via LC4j", "viaLangChain4j", "#6a3d9a");

  private final String title;
  private final String shortName;
  private final String method;
  private final String color;

  Target(String title, String shortName, String method, String color) {
    this.title = title;
    this.shortName = shortName;
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

  /** Its name in table columns. */
  String shortName() {
    return shortName;
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
    StringBuilder names = new StringBuilder();
    for (Target t : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(t.method);
    }
    throw new IllegalArgumentException("no target " + method + ": the targets are " + names);
  }
}
