package dev.tenantmemory.core;

import dev.tenantmemory.MemoryException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One tenant's memory: every call runs in its own transaction, scoped to this tenant by row-level
 * security and by an explicit {@code user_hash} condition. Obtain it from {@link
 * MemoryStore#tenant(String)}. Immutable and thread-safe; cheap to create.
 *
 * <p>Failures are {@link MemoryException}s: bad input is refused before anything is written, and a
 * call that fails leaves the store as it was.
 */
public final class TenantMemory {
  // The facade: each call goes to the part that does it. The parts get the store's context and
  // this tenant's hash, share one TenantCalls (listener and tenant transaction), and never call
  // back here.
  private final String userHash;
  private final ChunkWrites writes;
  private final ChunkSearch searches;
  private final ChunkReads reads;
  private final ChunkDeletes deletes;
  private final KeyRotation rotation;

  TenantMemory(StoreContext ctx, String userHash) {
    this.userHash = userHash;
    TenantCalls calls = new TenantCalls(ctx, userHash);
    this.writes = new ChunkWrites(ctx, userHash, calls);
    this.searches = new ChunkSearch(ctx, userHash, calls);
    this.reads = new ChunkReads(ctx, userHash, calls);
    this.deletes = new ChunkDeletes(ctx, userHash, calls);
    this.rotation = new KeyRotation(ctx, userHash, calls);
  }

  /**
   * The tenant's id as the database knows it: HMAC-SHA256 of the user id, 64 lowercase hex.
   *
   * @return the user hash
   */
  public String userHash() {
    return userHash;
  }

  /**
   * Stores one chunk, encrypted; replaces a chunk of this tenant with the same id.
   *
   * @param chunk the chunk
   * @return its id
   * @throws MemoryException for a wrong dimension, a bad vector or an oversize payload (nothing is
   *     written), or a database failure
   */
  public UUID put(Chunk chunk) {
    return writes.store("put", List.of(Objects.requireNonNull(chunk, "chunk"))).get(0);
  }

  /**
   * Stores chunks, encrypted, in one transaction: all of them or, on any failure, none. Sent as one
   * JDBC batch with binary vectors.
   *
   * @param chunks up to {@link MemoryStore.Builder#maxBatchSize(int)} chunks with distinct ids;
   *     copied once, so changes to the list during the call have no effect
   * @return their ids, in order
   * @throws MemoryException for any bad chunk (naming it) before anything is written, or a database
   *     failure (nothing is written)
   */
  public List<UUID> putAll(List<Chunk> chunks) {
    // One snapshot, validated and then written: reading the caller's list again inside the
    // transaction could write chunks other than the ones checked (a list changed meanwhile).
    return writes.store("putAll", new ArrayList<>(Objects.requireNonNull(chunks, "chunks")));
  }

  /**
   * The 24 nearest chunks to the query by cosine distance, nearest first.
   *
   * @param query the query vector; length must equal the store's dimension
   * @return up to 24 hits, fewer only when the tenant has fewer chunks
   * @throws MemoryException for a bad query vector, a rejected ciphertext or a database failure
   */
  public List<SearchHit> search(float[] query) {
    return search(query, SearchOptions.defaults());
  }

  /**
   * The {@code options.k()} nearest chunks to the query by cosine distance that pass the filters,
   * nearest first. Never returns an expired chunk. The planner picks exact search or an HNSW index
   * from the tenant's size; an index search that finds fewer than k hits falls back to exact
   * search, so the result is always {@code min(k, matching chunks)} long.
   *
   * @param query the query vector; length must equal the store's dimension
   * @param options k and filters
   * @return up to k hits, fewer only when fewer chunks pass the filters
   * @throws MemoryException for a bad query vector, a rejected ciphertext or a database failure
   */
  public List<SearchHit> search(float[] query, SearchOptions options) {
    return searches.search(query, options);
  }

  /**
   * Says how {@link #search(float[], SearchOptions)} would run for this tenant: the strategy the
   * planner picks and PostgreSQL's plan for it. Runs {@code EXPLAIN}, not the search.
   *
   * @param query the query vector; length must equal the store's dimension
   * @param options k and filters
   * @return the strategy, the tenant's size and the plan
   */
  public SearchExplanation explain(float[] query, SearchOptions options) {
    return searches.explain(query, options);
  }

  /**
   * Reads one chunk of this tenant.
   *
   * @param id the chunk id
   * @return the chunk, or empty when this tenant has no unexpired chunk with that id
   */
  public Optional<StoredChunk> get(UUID id) {
    return reads.get(id);
  }

  /**
   * Reads one chunk's embedding: decrypted from its encrypted copy where the store keeps one
   * ({@link MemoryStore.Builder#encryptEmbeddingCopy(boolean)}), else from the plain column.
   *
   * @param id the chunk id
   * @return the embedding, or empty when this tenant has no unexpired chunk with that id
   */
  public Optional<float[]> embedding(UUID id) {
    return reads.embedding(id);
  }

  /**
   * This tenant's documents with their unexpired chunk counts, ordered by document id.
   *
   * @return the documents
   */
  public List<DocumentSummary> listDocuments() {
    return reads.listDocuments();
  }

  /**
   * Deletes every chunk of one document, expired or not.
   *
   * @param docId the document id
   * @return how many chunks were deleted
   */
  public long deleteDocument(String docId) {
    return deletes.deleteDocument(docId);
  }

  /**
   * Deletes chunks of this tenant by id; ids of other tenants or unknown ids are ignored.
   *
   * @param ids the chunk ids
   * @return how many chunks were deleted
   */
  public long delete(Collection<UUID> ids) {
    return deletes.delete(ids);
  }

  /**
   * Deletes this tenant's chunks that match a filter, expired ones included, all or nothing (one
   * statement), and only this tenant's.
   *
   * @param filter which chunks; see {@link Filter} for its semantics and errors
   * @return how many were deleted
   * @throws MemoryException with {@link dev.tenantmemory.ErrorCode#INVALID_ARGUMENT} if the filter
   *     does not fit the store's declarations (nothing is deleted)
   */
  public long deleteWhere(Filter filter) {
    return deletes.deleteWhere(filter);
  }

  /**
   * Deletes every chunk of this tenant and its data keys, in one transaction. Without the keys, any
   * copy of its ciphertexts (in backups, replicas, logs) is undecryptable once the master keys that
   * wrapped them are retired: crypto-shredding.
   *
   * @return how many chunks were deleted
   */
  public long purge() {
    return deletes.purge();
  }

  /**
   * Deletes this tenant's expired chunks, in transactions of up to 1,000 rows.
   *
   * @return how many chunks were deleted
   */
  public long deleteExpired() {
    return deletes.deleteExpired();
  }

  /**
   * Adds a new data key for this tenant and makes it primary: new chunks are encrypted with it at
   * once, and {@link #reencrypt(int)} moves existing chunks to it.
   *
   * @return the new key version
   */
  public int rotateDataKey() {
    return rotation.rotateDataKey();
  }

  /**
   * Re-encrypts up to {@code batchSize} chunks that are not yet under the primary data key, in one
   * transaction. Resumable: call until {@link ReencryptionProgress#isComplete()}; an interrupted
   * run loses nothing and the next call carries on.
   *
   * @param batchSize 1 to 10,000 chunks per call
   * @return what was done and what remains
   */
  public ReencryptionProgress reencrypt(int batchSize) {
    return rotation.reencrypt(batchSize);
  }

  @Override
  public String toString() {
    return "TenantMemory[user_hash=" + userHash.substring(0, 8) + "...]";
  }
}
