package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.DocumentSummary;
import dev.tenantmemory.core.MemoryListener;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.ReencryptionProgress;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.SearchStrategy;
import dev.tenantmemory.core.StoredChunk;
import dev.tenantmemory.core.TenantMemory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A random mix of every tenant operation over many tenants, checked against a model of what each
 * tenant owns.
 *
 * <p>The model is exact because each tenant has one logical owner at a time: a thread takes the
 * tenant's lock for the whole operation, its checks and its model update. Different tenants run in
 * parallel on as many threads as the caller starts, all sharing the stores' small pool.
 *
 * <p>Every row's text names its tenant and id ({@code <tenant>/chunk-<id>/v<n>}), so a row of
 * another tenant is recognised wherever it turns up. Checks: every result belongs to the asking
 * tenant; get, embedding and search return exactly the model's rows (present ids found with their
 * current text, metadata, tags and vector; deleted and purged ones never); a search returns {@code
 * min(k, matching rows)} hits, nearest first, and they are the true top k; write calls report the
 * counts the model predicts.
 *
 * <p>With {@code faultsExpected}, a call may fail with a retryable {@link MemoryException} (the
 * database went away under it). The tenant is then read back: its rows must equal the model either
 * before or after the call (never a mix: no half-applied batch, delete or purge), and the model
 * takes whichever it is. Any other failure, and any failure without {@code faultsExpected}, stops
 * the run.
 *
 * <p>A search that a tenant's own HNSW index answered (stores built with {@link #STRATEGIES} as
 * their listener say so) is approximate by design: it gets every check but "among the true top k",
 * whose misses it counts instead ({@link #indexHitsOutsideTopK()}).
 */
final class ModelWorkload {
  /** The operations, with their share of the mix in percent. */
  enum Op {
    PUT(14),
    PUT_ALL(9),
    UPSERT(5),
    GET(18),
    SEARCH(28),
    EMBEDDING(6),
    DELETE(8),
    DELETE_DOCUMENT(3),
    LIST_DOCUMENTS(4),
    PURGE(1),
    ROTATE_KEY(2),
    REENCRYPT(2);

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }
  }

  /** Above this a tenant only shrinks or is read, so every tenant stays in exact-search size. */
  static final int MAX_ROWS_PER_TENANT = 200;

  private static final int UNKNOWN_KEY_VERSION = -1;
  private static final String[] TAGS = {"red", "green", "blue", "amber"};
  private static final int DOCUMENTS = 6;
  private static final Duration RECONCILE_DEADLINE = Duration.ofSeconds(90);
  private static final ThreadLocal<SearchStrategy> LAST_STRATEGY = new ThreadLocal<>();

  /**
   * The listener for the workload's stores: it tells the workload which strategy answered each
   * search (the call returns on the thread that made it), an exact fallback counting as exact.
   */
  static final MemoryListener STRATEGIES =
      new MemoryListener() {
        @Override
        public void searched(SearchStrategy strategy, boolean fellBack, int hits, long nanos) {
          LAST_STRATEGY.set(fellBack ? SearchStrategy.EXACT : strategy);
        }
      };

  /** A row as the model knows it. */
  // Rows are never compared with equals (only their ids and texts are), so the array is fine.
  @SuppressWarnings("ArrayRecordComponent")
  record Row(UUID id, String docId, String source, List<String> tags, String text, float[] vector) {
    Chunk chunk() {
      return Chunk.builder(docId, text, vector)
          .id(id)
          .source(source)
          .tags(tags)
          .metadata(Map.of("chunk", id.toString(), "text-length", Integer.toString(text.length())))
          .build();
    }
  }

  /** One tenant: its handles (one per store) and what it owns. Guarded by {@link #lock}. */
  static final class Tenant {
    final int index;
    final String userId;
    final String prefix;
    final TenantMemory[] handles;
    final ReentrantLock lock = new ReentrantLock();
    volatile Map<UUID, Row> rows = new HashMap<>();
    final ArrayDeque<UUID> gone = new ArrayDeque<>();
    int version;
    int keyVersion;

    Tenant(int index, String userId, List<MemoryStore> stores) {
      this.index = index;
      this.userId = userId;
      this.prefix = userId + "/chunk-";
      this.handles = stores.stream().map(s -> s.tenant(userId)).toArray(TenantMemory[]::new);
    }

    void forget(Set<UUID> removed) {
      for (UUID id : removed) {
        gone.addLast(id);
        if (gone.size() > 64) {
          gone.removeFirst();
        }
      }
    }
  }

  /** What the final comparison with the database found. */
  record Verification(
      long rowsChecked, long rowsLost, long rowsExtra, long textsWrong, long statsWrong) {}

  private final List<Tenant> tenants;
  private final boolean faultsExpected;
  private final AtomicReferenceArray<Object[]> recentIds = new AtomicReferenceArray<>(4096);
  private final AtomicLong recentCursor = new AtomicLong();

  private final Map<Op, LongAdder> completed = new EnumMap<>(Op.class);
  private final Map<Op, LongAdder> failed = new EnumMap<>(Op.class);
  private final Map<Op, LongAdder> nanos = new EnumMap<>(Op.class);
  private final Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();
  private final LongAdder crossTenantResults = new LongAdder();
  private final LongAdder resultsChecked = new LongAdder();
  private final LongAdder indexSearches = new LongAdder();
  private final LongAdder indexHits = new LongAdder();
  private final LongAdder indexHitsOutsideTopK = new LongAdder();
  private final LongAdder batchesResolved = new LongAdder();
  private final LongAdder batchesApplied = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> recoveryNanos = Collections.synchronizedList(new ArrayList<>());
  private final Map<Integer, Long> lastFailureNanos = new ConcurrentHashMap<>();
  private final Map<Integer, Long> firstSuccessAfterMark = new ConcurrentHashMap<>();
  private volatile long markNanos = Long.MAX_VALUE;
  private volatile boolean stopped;
  private volatile OperationLatencies latencies;

  ModelWorkload(String label, int tenantCount, List<MemoryStore> stores, boolean faultsExpected) {
    this.faultsExpected = faultsExpected;
    List<Tenant> list = new ArrayList<>();
    for (int i = 0; i < tenantCount; i++) {
      list.add(new Tenant(i, label + "-tenant-" + i, stores));
    }
    this.tenants = List.copyOf(list);
    for (Op op : Op.values()) {
      completed.put(op, new LongAdder());
      failed.put(op, new LongAdder());
      nanos.put(op, new LongAdder());
    }
  }

  // ---------------------------------------------------------------- running

  /** Runs {@code operations} operations on {@code threads} threads; returns when all are done. */
  void run(int threads, long operations, long seed, Duration timeout) throws InterruptedException {
    Runner runner = start(threads, operations, seed);
    runner.await(timeout);
  }

  /** Starts threads that run until {@code operations} are done or {@link Runner#stop()}. */
  Runner start(int threads, long operations, long seed) {
    return new Runner(threads, operations, seed);
  }

  /** The running threads. */
  final class Runner {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong issued = new AtomicLong();

    Runner(int count, long operations, long seed) {
      SplittableRandom master = new SplittableRandom(seed);
      for (int i = 0; i < count; i++) {
        SplittableRandom random = master.split();
        int thread = i;
        Thread t =
            new Thread(
                () -> {
                  while (!stopped && issued.getAndIncrement() < operations) {
                    try {
                      step(random, thread);
                    } catch (Throwable e) {
                      failures.add(e);
                      stopped = true;
                    }
                  }
                },
                "workload-" + i);
        t.setDaemon(true);
        threads.add(t);
      }
      threads.forEach(Thread::start);
    }

    void stop() {
      stopped = true;
    }

    /** Waits for every thread; fails if they are not done in time or any check failed. */
    void await(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Thread t : threads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
      boolean alive = threads.stream().anyMatch(Thread::isAlive);
      stopped = true;
      if (!failures.isEmpty()) {
        AssertionError error =
            new AssertionError("workload check failed: " + failures.get(0), failures.get(0));
        failures.stream().skip(1).forEach(error::addSuppressed);
        throw error;
      }
      assertThat(alive).as("workload threads still running after " + timeout).isFalse();
    }
  }

  // ---------------------------------------------------------------- one operation

  private void step(SplittableRandom random, int thread) {
    Tenant t = tenants.get(random.nextInt(tenants.size()));
    t.lock.lock();
    try {
      TenantMemory m = t.handles[random.nextInt(t.handles.length)];
      Op op = pick(random, t);
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      long start = System.nanoTime();
      try {
        perform(op, t, m, random);
        long took = System.nanoTime() - start;
        nanos.get(op).add(took);
        OperationLatencies log = latencies;
        if (log != null) {
          log.record(op, took);
        }
        completed.get(op).increment();
        succeeded(thread);
      } catch (MemoryException e) {
        if (!faultsExpected || !e.isRetryable()) {
          throw new AssertionError(op + " on " + t.userId + " failed: " + e, e);
        }
        failed.get(op).increment();
        errors
            .computeIfAbsent(e.code() + " " + Reliability.sqlState(e), k -> new LongAdder())
            .increment();
        lastFailureNanos.putIfAbsent(thread, System.nanoTime());
      } finally {
        inFlight.decrementAndGet();
      }
    } finally {
      t.lock.unlock();
    }
  }

  private void succeeded(int thread) {
    long end = System.nanoTime();
    Long failedAt = lastFailureNanos.remove(thread);
    if (failedAt != null) {
      recoveryNanos.add(end - failedAt);
    }
    if (end > markNanos) {
      firstSuccessAfterMark.putIfAbsent(thread, end);
    }
  }

  private static Op pick(SplittableRandom random, Tenant t) {
    while (true) {
      int roll = random.nextInt(100);
      for (Op op : Op.values()) {
        roll -= op.weight;
        if (roll < 0) {
          boolean grows = op == Op.PUT || op == Op.PUT_ALL;
          if (grows && t.rows.size() >= MAX_ROWS_PER_TENANT) {
            break;
          }
          return op;
        }
      }
    }
  }

  private void perform(Op op, Tenant t, TenantMemory m, SplittableRandom random) {
    switch (op) {
      case PUT -> {
        Row row = newRow(t, random, UUID.randomUUID());
        mutate(t, m, plus(t.rows, List.of(row)), () -> m.put(row.chunk()), row.id());
      }
      case PUT_ALL -> {
        // Some batches span two INSERT statements (100 rows each): atomic across them too.
        int n = random.nextInt(25) == 0 ? 101 + random.nextInt(30) : 2 + random.nextInt(19);
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          batch.add(newRow(t, random, UUID.randomUUID()));
        }
        List<UUID> ids = batch.stream().map(Row::id).toList();
        mutate(
            t,
            m,
            plus(t.rows, batch),
            () -> m.putAll(batch.stream().map(Row::chunk).toList()),
            ids);
      }
      case UPSERT -> {
        if (t.rows.isEmpty()) {
          perform(Op.PUT, t, m, random);
          return;
        }
        Row row = newRow(t, random, any(t.rows.keySet(), random));
        mutate(t, m, plus(t.rows, List.of(row)), () -> m.put(row.chunk()), row.id());
      }
      case GET -> {
        UUID id = probeId(t, random);
        Optional<StoredChunk> got = m.get(id);
        Row expected = t.rows.get(id);
        got.ifPresent(c -> owned(t, c));
        if (expected == null) {
          assertThat(got).as("get of an id %s does not own (now)", t.userId).isEmpty();
        } else {
          assertThat(got).as("get of a present id").isPresent();
          matches(t, got.get());
        }
      }
      case EMBEDDING -> {
        UUID id = probeId(t, random);
        Optional<float[]> got = m.embedding(id);
        Row expected = t.rows.get(id);
        if (expected == null) {
          assertThat(got).as("embedding of an id %s does not own (now)", t.userId).isEmpty();
        } else {
          assertThat(got).as("embedding of a present id").isPresent();
          assertThat(got.get()).containsExactly(expected.vector());
        }
        resultsChecked.increment();
      }
      case SEARCH -> search(t, m, random);
      case DELETE -> {
        Set<UUID> ids = new HashSet<>();
        int own = random.nextInt(5);
        for (int i = 0; i < own && !t.rows.isEmpty(); i++) {
          ids.add(any(t.rows.keySet(), random));
        }
        if (!t.gone.isEmpty() && random.nextBoolean()) {
          ids.add(any(t.gone, random));
        }
        ids.add(foreignId(t, random));
        Set<UUID> present = new HashSet<>(ids);
        present.retainAll(t.rows.keySet());
        Map<UUID, Row> after = new HashMap<>(t.rows);
        after.keySet().removeAll(present);
        mutate(
            t,
            m,
            after,
            () -> {
              assertThat(m.delete(ids))
                  .as("rows deleted (other tenants' and unknown ids are ignored)")
                  .isEqualTo(present.size());
              return null;
            },
            List.of());
      }
      case DELETE_DOCUMENT -> {
        String doc = "doc-" + random.nextInt(DOCUMENTS);
        Map<UUID, Row> after = new HashMap<>(t.rows);
        after.values().removeIf(r -> r.docId().equals(doc));
        long expected = (long) t.rows.size() - after.size();
        mutate(
            t,
            m,
            after,
            () -> {
              assertThat(m.deleteDocument(doc)).isEqualTo(expected);
              return null;
            },
            List.of());
      }
      case LIST_DOCUMENTS -> {
        Map<String, Long> expected = new TreeMap<>();
        t.rows.values().forEach(r -> expected.merge(r.docId(), 1L, Long::sum));
        Map<String, Long> actual = new TreeMap<>();
        for (DocumentSummary d : m.listDocuments()) {
          actual.put(d.docId(), d.chunks());
        }
        assertThat(actual).isEqualTo(expected);
      }
      case PURGE -> {
        long expected = t.rows.size();
        // Whether a failed purge removed the keys cannot be seen from the rows alone.
        t.keyVersion = UNKNOWN_KEY_VERSION;
        mutate(
            t,
            m,
            Map.of(),
            () -> {
              assertThat(m.purge()).isEqualTo(expected);
              return null;
            },
            List.of());
        t.keyVersion = 0;
      }
      case ROTATE_KEY -> {
        int before = t.keyVersion;
        t.keyVersion = UNKNOWN_KEY_VERSION;
        int version = m.rotateDataKey();
        if (before != UNKNOWN_KEY_VERSION) {
          assertThat(version).as("new primary data key version").isEqualTo(Math.max(before, 1) + 1);
        }
        t.keyVersion = version;
      }
      case REENCRYPT -> {
        ReencryptionProgress progress = m.reencrypt(1000);
        assertThat(progress.remaining()).as("rows left under an old key").isZero();
        if (t.keyVersion != UNKNOWN_KEY_VERSION) {
          assertThat(progress.keyVersion()).isEqualTo(t.keyVersion);
        }
        t.keyVersion = progress.keyVersion();
      }
    }
  }

  /**
   * Runs a write whose effect the model predicts as {@code after}; on a retryable failure, reads
   * the tenant back and keeps whichever of before and after it finds.
   */
  private void mutate(
      Tenant t, TenantMemory m, Map<UUID, Row> after, Supplier<Object> call, Object expected) {
    Map<UUID, Row> before = t.rows;
    try {
      Object result = call.get();
      if (result != null) {
        assertThat(result).as("ids returned by the write").isEqualTo(expected);
      }
    } catch (MemoryException e) {
      if (faultsExpected && e.isRetryable()) {
        resolve(t, m, before, after);
      }
      throw e;
    }
    apply(t, before, after);
  }

  private void apply(Tenant t, Map<UUID, Row> before, Map<UUID, Row> after) {
    Set<UUID> removed = new HashSet<>(before.keySet());
    removed.removeAll(after.keySet());
    t.forget(removed);
    if (!after.isEmpty() && t.keyVersion == 0) {
      t.keyVersion = 1;
    }
    t.rows = after;
  }

  private void resolve(Tenant t, TenantMemory m, Map<UUID, Row> before, Map<UUID, Row> after) {
    Map<UUID, String> found = readBack(t, m);
    batchesResolved.increment();
    if (found.equals(texts(after))) {
      batchesApplied.increment();
      apply(t, before, after);
      return;
    }
    assertThat(found)
        .as(
            "%s after a failed write: neither all of it (%d rows) nor none of it (%d rows)",
            t.userId, after.size(), before.size())
        .isEqualTo(texts(before));
  }

  /** Every row of the tenant, decrypted, retrying while the database is away. */
  private Map<UUID, String> readBack(Tenant t, TenantMemory m) {
    long deadline = System.nanoTime() + RECONCILE_DEADLINE.toNanos();
    while (true) {
      try {
        Map<UUID, String> found = new HashMap<>();
        for (SearchHit hit :
            m.search(Reliability.vector(t.index), SearchOptions.builder().k(1000).build())) {
          owned(t, hit.chunk());
          found.put(hit.chunk().id(), hit.chunk().text());
        }
        return found;
      } catch (MemoryException e) {
        if (!e.isRetryable() || System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + t.userId + " back: " + e, e);
        }
        errors
            .computeIfAbsent(e.code() + " " + Reliability.sqlState(e), k -> new LongAdder())
            .increment();
        sleep(20);
      }
    }
  }

  private void search(Tenant t, TenantMemory m, SplittableRandom random) {
    int k = 1 + random.nextInt(40);
    SearchOptions.Builder b = SearchOptions.builder().k(k);
    Set<String> docs = null;
    Set<String> tags = null;
    Set<String> sources = null;
    int filter = random.nextInt(10);
    if (filter == 0 || filter == 3) {
      docs = new HashSet<>();
      docs.add("doc-" + random.nextInt(DOCUMENTS));
      docs.add("doc-" + random.nextInt(DOCUMENTS));
      b.docIds(docs);
    }
    if (filter == 1 || filter == 3) {
      tags = Set.of(TAGS[random.nextInt(TAGS.length)]);
      b.anyTags(tags);
    }
    if (filter == 2) {
      sources = Set.of("source-" + random.nextInt(3));
      b.sources(sources);
    }
    float[] query = Reliability.vector(random);
    LAST_STRATEGY.remove();
    List<SearchHit> hits = m.search(query, b.build());
    boolean approximate = LAST_STRATEGY.get() == SearchStrategy.TENANT_INDEX;
    LAST_STRATEGY.remove();
    if (approximate) {
      indexSearches.increment();
    }

    List<Row> candidates = new ArrayList<>();
    for (Row r : t.rows.values()) {
      if ((docs == null || docs.contains(r.docId()))
          && (tags == null || r.tags().stream().anyMatch(tags::contains))
          && (sources == null || sources.contains(r.source()))) {
        candidates.add(r);
      }
    }
    Map<UUID, Double> distance = new HashMap<>();
    List<Double> sorted = new ArrayList<>();
    for (Row r : candidates) {
      double d = Reliability.cosineDistance(query, r.vector());
      distance.put(r.id(), d);
      sorted.add(d);
    }
    Collections.sort(sorted);
    int expected = Math.min(k, candidates.size());
    for (SearchHit hit : hits) {
      owned(t, hit.chunk());
    }
    assertThat(hits)
        .as("hits = min(k=%d, %d matching rows)", k, candidates.size())
        .hasSize(expected);
    double previous = -1;
    for (SearchHit hit : hits) {
      matches(t, hit.chunk());
      Double d = distance.get(hit.chunk().id());
      assertThat(d).as("hit %s passes the filters", hit.chunk().id()).isNotNull();
      assertThat(hit.distance()).as("reported distance").isCloseTo(d, within());
      boolean inTopK = d <= sorted.get(expected - 1) + 1e-4;
      if (approximate) {
        indexHits.increment();
        if (!inTopK) {
          indexHitsOutsideTopK.increment();
        }
      } else {
        assertThat(inTopK).as("hit at distance %s is among the true top %d", d, k).isTrue();
      }
      assertThat(hit.distance()).as("nearest first").isGreaterThanOrEqualTo(previous - 1e-6);
      previous = hit.distance();
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-4);
  }

  /** The row is the asking tenant's: its text names this tenant and this id. */
  private void owned(Tenant t, StoredChunk c) {
    resultsChecked.increment();
    if (!c.text().startsWith(t.prefix + c.id() + "/")) {
      crossTenantResults.increment();
      throw new AssertionError(
          t.userId + " was given a row that is not its own: " + c.id() + " with text " + c.text());
    }
  }

  /** The row is present in the model with exactly these contents. */
  private static void matches(Tenant t, StoredChunk c) {
    Row r = t.rows.get(c.id());
    assertThat(r)
        .as("%s: returned row %s is in the model (not deleted or purged)", t.userId, c.id())
        .isNotNull();
    assertThat(c.text()).isEqualTo(r.text());
    assertThat(c.docId()).isEqualTo(r.docId());
    assertThat(c.source()).contains(r.source());
    assertThat(c.tags()).isEqualTo(r.tags());
    assertThat(c.metadata())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("chunk", r.id().toString(), "text-length", Integer.toString(r.text().length())));
  }

  // ---------------------------------------------------------------- model helpers

  private Row newRow(Tenant t, SplittableRandom random, UUID id) {
    t.version++;
    List<String> tags = new ArrayList<>();
    for (String tag : TAGS) {
      if (random.nextInt(3) == 0) {
        tags.add(tag);
      }
    }
    Row row =
        new Row(
            id,
            "doc-" + random.nextInt(DOCUMENTS),
            "source-" + random.nextInt(3),
            List.copyOf(tags),
            t.prefix + id + "/v" + t.version,
            Reliability.vector(random));
    recentIds.set(
        (int) (recentCursor.getAndIncrement() % recentIds.length()), new Object[] {t.index, id});
    return row;
  }

  private static Map<UUID, Row> plus(Map<UUID, Row> rows, List<Row> added) {
    Map<UUID, Row> after = new HashMap<>(rows);
    added.forEach(r -> after.put(r.id(), r));
    return after;
  }

  private static Map<UUID, String> texts(Map<UUID, Row> rows) {
    Map<UUID, String> texts = new HashMap<>();
    rows.forEach((id, r) -> texts.put(id, r.text()));
    return texts;
  }

  /** An id to look up: mostly present, else deleted or purged, else another tenant's. */
  private UUID probeId(Tenant t, SplittableRandom random) {
    int roll = random.nextInt(10);
    if (roll < 6 && !t.rows.isEmpty()) {
      return any(t.rows.keySet(), random);
    }
    if (roll < 8 && !t.gone.isEmpty()) {
      return any(t.gone, random);
    }
    return foreignId(t, random);
  }

  /** An id of another tenant (present there or not), or an id nobody has. */
  private UUID foreignId(Tenant t, SplittableRandom random) {
    for (int attempt = 0; attempt < 4; attempt++) {
      Object[] entry = recentIds.get(random.nextInt(recentIds.length()));
      if (entry != null && (int) entry[0] != t.index) {
        return (UUID) entry[1];
      }
    }
    return UUID.randomUUID();
  }

  private static <T> T any(java.util.Collection<T> values, SplittableRandom random) {
    int skip = random.nextInt(values.size());
    for (T v : values) {
      if (skip-- == 0) {
        return v;
      }
    }
    throw new IllegalStateException("empty");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  // ---------------------------------------------------------------- results

  /**
   * Compares every tenant with the database, through the store (decrypting every row) and as a
   * superuser (counting rows per tenant, which RLS cannot hide from it).
   */
  /**
   * The checks every run must pass: all {@code operations} done, no result of another tenant, and
   * the database equal to the model ({@code v}, from {@link #verify}).
   */
  void assertMatchesModel(long operations, Verification v) {
    assertThat(operations()).isEqualTo(operations);
    assertThat(crossTenantResults()).isZero();
    assertThat(v.rowsLost()).as("rows lost").isZero();
    assertThat(v.rowsExtra()).as("rows the model does not know").isZero();
    assertThat(v.textsWrong()).as("rows with another text than the last write").isZero();
    assertThat(v.statsWrong()).as("tenants whose memory_tenant_stats count is off").isZero();
    assertThat(v.rowsChecked()).as("the model ends with rows to compare").isPositive();
  }

  Verification verify(DataSource superuser) {
    long checked = 0;
    long lost = 0;
    long extra = 0;
    long wrong = 0;
    long statsWrong = 0;
    Map<String, Long> counts =
        countsByTenant(superuser, "SELECT user_hash, count(*) FROM memory_chunks GROUP BY 1");
    Map<String, Long> stats =
        countsByTenant(superuser, "SELECT user_hash, chunk_count FROM memory_tenant_stats");
    for (Tenant t : tenants) {
      Map<UUID, String> found = readBack(t, t.handles[0]);
      Map<UUID, String> expected = texts(t.rows);
      for (Map.Entry<UUID, String> e : expected.entrySet()) {
        checked++;
        String text = found.get(e.getKey());
        if (text == null) {
          lost++;
        } else if (!text.equals(e.getValue())) {
          wrong++;
        }
      }
      for (UUID id : found.keySet()) {
        if (!expected.containsKey(id)) {
          extra++;
        }
      }
      long stored = counts.getOrDefault(t.handles[0].userHash(), 0L);
      if (stored != expected.size()) {
        extra += Math.max(0, stored - expected.size());
        lost += Math.max(0, expected.size() - stored);
      }
      // The planner's per-tenant counts (kept by triggers) must agree with the rows.
      if (stats.getOrDefault(t.handles[0].userHash(), 0L) != expected.size()) {
        statsWrong++;
      }
    }
    return new Verification(checked, lost, extra, wrong, statsWrong);
  }

  private static Map<String, Long> countsByTenant(DataSource superuser, String sql) {
    Map<String, Long> counts = new HashMap<>();
    for (String line :
        Reliability.column(superuser, "SELECT a || ' ' || b FROM (" + sql + ") AS q(a, b)")) {
      String[] parts = line.split(" ", 2);
      counts.put(parts[0], Long.parseLong(parts[1]));
    }
    return counts;
  }

  /**
   * Marks a moment (a restart completing): {@link #firstSuccessAfterMarkNanos()} then says when the
   * first operation succeeded after it.
   */
  void mark() {
    firstSuccessAfterMark.clear();
    markNanos = System.nanoTime();
  }

  long markNanos() {
    return markNanos;
  }

  /** The earliest completion of a successful operation after {@link #mark()}, or 0. */
  long firstSuccessAfterMarkNanos() {
    return firstSuccessAfterMark.values().stream().mapToLong(Long::longValue).min().orElse(0);
  }

  /** How many threads have succeeded at least once after {@link #mark()}. */
  int threadsRecoveredAfterMark() {
    return firstSuccessAfterMark.size();
  }

  /** The latest first success of any thread after {@link #mark()}, or 0. */
  long lastThreadRecoveredNanos() {
    return firstSuccessAfterMark.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** From now on, every successful operation's latency also goes to {@code log}. */
  void recordLatencies(OperationLatencies log) {
    this.latencies = log;
  }

  /**
   * The rows the model holds over all tenants, read without the tenants' locks (each tenant's map
   * is replaced, never changed, so a racy read sees one whole map): a figure, not a check.
   */
  long modelRows() {
    long rows = 0;
    for (Tenant t : tenants) {
      rows += t.rows.size();
    }
    return rows;
  }

  long operations() {
    return completed.values().stream().mapToLong(LongAdder::sum).sum() + failedOperations();
  }

  long failedOperations() {
    return failed.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long crossTenantResults() {
    return crossTenantResults.sum();
  }

  long resultsChecked() {
    return resultsChecked.sum();
  }

  /** Searches answered by a tenant's own index (approximate), and their hits. */
  long indexSearches() {
    return indexSearches.sum();
  }

  long indexHits() {
    return indexHits.sum();
  }

  /** Hits of index searches that were not among the model's true top k. */
  long indexHitsOutsideTopK() {
    return indexHitsOutsideTopK.sum();
  }

  long writesResolved() {
    return batchesResolved.sum();
  }

  long writesFoundApplied() {
    return batchesApplied.sum();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  Map<String, Long> errors() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Every error code seen, for asserting that they are all retryable ones. */
  Set<ErrorCode> errorCodes() {
    Set<ErrorCode> codes = new HashSet<>();
    errors.keySet().forEach(k -> codes.add(ErrorCode.valueOf(k.substring(0, k.indexOf(' ')))));
    return codes;
  }

  List<Long> recoveryNanos() {
    synchronized (recoveryNanos) {
      List<Long> copy = new ArrayList<>(recoveryNanos);
      Collections.sort(copy);
      return copy;
    }
  }

  String mix() {
    StringBuilder s = new StringBuilder();
    for (Op op : Op.values()) {
      long n = completed.get(op).sum();
      s.append(
          String.format(
              Locale.ROOT,
              "%s=%d(%.1fms)",
              op.name().toLowerCase(Locale.ROOT),
              n,
              n == 0 ? 0 : nanos.get(op).sum() / 1e6 / n));
      long f = failed.get(op).sum();
      if (f > 0) {
        s.append("(+").append(f).append(" failed)");
      }
      s.append(' ');
    }
    return s.toString().trim();
  }
}
