package dev.tenantmemory.examples;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.IngestionResult;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.examples.DemoNotes.Question;
import dev.tenantmemory.examples.DemoNotes.Tenant;
import dev.tenantmemory.examples.LangChain4jResult.Retrieval;
import dev.tenantmemory.langchain4j.TenantMemoryEmbeddingStore;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestDatabaseUnavailableException;
import dev.tenantmemory.testkit.TestPostgres;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tenant Memory under LangChain4j's retrieval pipeline. Each tenant's notes go in through an {@link
 * EmbeddingStoreIngestor} and come back through an {@link EmbeddingStoreContentRetriever}, both
 * over a {@link TenantMemoryEmbeddingStore} scoped to that tenant, with the in-jar all-MiniLM-L6-v2
 * model. Then one retriever for the whole application, over a store that reads the tenant from the
 * current request on every call, answers two users with their own notes only, and refuses a call
 * with no user. It uses the demo's notes, on a throwaway database that is dropped at the end.
 *
 * <p>Run it with {@code bash scripts/demo.sh langchain4j} from the repository root.
 */
public final class LangChain4jExample {
  private static final int MAX_RESULTS = 3;
  private static final String INDENT = "      ";

  /** The host's notion of "the user of this request", as a servlet filter would set it. */
  private static final ThreadLocal<String> CURRENT_USER = new ThreadLocal<>();

  private LangChain4jExample() {}

  /**
   * Runs the example and prints what happens.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try {
      run(System.out);
    } catch (TestDatabaseUnavailableException e) {
      System.err.println("The example needs PostgreSQL with pgvector. " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * The whole example on a throwaway database.
   *
   * @param out where to print progress
   * @return what the retrievers returned
   * @throws TestDatabaseUnavailableException when no PostgreSQL with pgvector can be found
   */
  static LangChain4jResult run(PrintStream out) {
    out.println("Tenant Memory with LangChain4j: an ingestor and a retriever per tenant");
    try (TestDatabase db = TestPostgres.server().createDatabase();
        Embedder embedder = new Embedder()) {
      MemoryStore store = openStore(db);
      out.println(INDENT + "store  " + store + " on " + db.name() + ", as the application role");
      return withStore(store, embedder.model(), out);
    }
  }

  private static LangChain4jResult withStore(
      MemoryStore store, EmbeddingModel model, PrintStream out) {
    out.println();
    out.println("Ingest: EmbeddingStoreIngestor per tenant, one document per note");
    Map<String, Integer> ingested = new LinkedHashMap<>();
    for (Tenant tenant : DemoNotes.TENANTS) {
      List<Document> documents = new ArrayList<>();
      for (int i = 0; i < tenant.notes().size(); i++) {
        documents.add(Document.from(tenant.notes().get(i), new Metadata().put("note", i)));
      }
      IngestionResult result =
          EmbeddingStoreIngestor.builder()
              .embeddingModel(model)
              .embeddingStore(TenantMemoryEmbeddingStore.of(store, tenant.userId()))
              .build()
              .ingest(documents);
      ingested.put(tenant.userId(), documents.size());
      out.printf(
          Locale.ROOT,
          "%s%-6s %d notes embedded (%s input tokens) and stored%n",
          INDENT,
          tenant.userId(),
          documents.size(),
          result.tokenUsage() == null ? "?" : result.tokenUsage().inputTokenCount());
    }

    out.println();
    out.println("Retrieve: EmbeddingStoreContentRetriever per tenant, top " + MAX_RESULTS);
    List<Retrieval> retrievals = new ArrayList<>();
    for (Tenant tenant : DemoNotes.TENANTS) {
      ContentRetriever retriever =
          retriever(model, TenantMemoryEmbeddingStore.of(store, tenant.userId()));
      for (Question q : tenant.questions()) {
        retrievals.add(retrieve(retriever, tenant.userId(), q.text(), out));
      }
    }
    String bob = DemoNotes.BOB.userId();
    ContentRetriever bobs = retriever(model, TenantMemoryEmbeddingStore.of(store, bob));
    Retrieval cross = retrieve(bobs, bob, DemoNotes.CROSS_TENANT_QUESTION, out);
    out.println(INDENT + "-> " + bob + "'s retriever answers from " + bob + "'s notes only");

    out.println();
    out.println("One retriever for the application: the tenant is read from the request per call");
    ContentRetriever shared =
        retriever(model, TenantMemoryEmbeddingStore.perCall(store, CURRENT_USER::get));
    Map<String, Retrieval> perRequest = new LinkedHashMap<>();
    for (Tenant tenant : List.of(DemoNotes.ALICE, DemoNotes.BOB)) {
      CURRENT_USER.set(tenant.userId());
      try {
        perRequest.put(
            tenant.userId(),
            retrieve(shared, tenant.userId(), DemoNotes.CROSS_TENANT_QUESTION, out));
      } finally {
        CURRENT_USER.remove();
      }
    }
    String refusal;
    try {
      shared.retrieve(Query.from(DemoNotes.CROSS_TENANT_QUESTION));
      refusal = "none: a request without a user was answered";
    } catch (MemoryException e) {
      refusal = e.code().name();
    }
    out.println(INDENT + "no user  -> " + refusal + ", nothing searched");
    return new LangChain4jResult(ingested, retrievals, cross, perRequest, refusal);
  }

  private static MemoryStore openStore(TestDatabase db) {
    MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(Embedder.DIMENSION)
        .load()
        .migrate();
    KeyProvider keys = KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.random(32)));
    MemoryMaintenance.create(db.ownerDataSource(), keys, "public").installScopeKeys();
    return MemoryStore.builder()
        .dataSource(db.appDataSource())
        .keyProvider(keys)
        .dimension(Embedder.DIMENSION)
        .build();
  }

  private static ContentRetriever retriever(
      EmbeddingModel model, TenantMemoryEmbeddingStore embeddingStore) {
    return EmbeddingStoreContentRetriever.builder()
        .embeddingStore(embeddingStore)
        .embeddingModel(model)
        .maxResults(MAX_RESULTS)
        .build();
  }

  private static Retrieval retrieve(
      ContentRetriever retriever, String tenant, String question, PrintStream out) {
    List<String> texts = new ArrayList<>();
    List<Integer> notes = new ArrayList<>();
    for (Content content : retriever.retrieve(Query.from(question))) {
      TextSegment segment = content.textSegment();
      texts.add(segment.text());
      notes.add(segment.metadata().getInteger("note"));
    }
    out.printf(Locale.ROOT, "%s%-6s \"%s\"%n", INDENT, tenant, question);
    for (int i = 0; i < texts.size(); i++) {
      out.printf(
          Locale.ROOT,
          "%s       %d. note %d: %s%n",
          INDENT,
          i + 1,
          notes.get(i),
          brief(texts.get(i)));
    }
    return new Retrieval(tenant, question, texts, notes);
  }

  private static String brief(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
