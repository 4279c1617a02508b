package dev.tenantmemory.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One generated chunk, before it is stored.
 *
 * @param id its deterministic id, see {@link ChunkIds}
 * @param docId the document it belongs to
 * @param chunkIndex its position in the document
 * @param source where the document came from
 * @param text its text, about {@link CorpusSpec#textBytes()} bytes
 * @param metadata its metadata, about {@link CorpusSpec#metadataBytes()} bytes encoded
 * @param tags its tags
 * @param vector its embedding, unit length
 */
@SuppressWarnings("ArrayRecordComponent") // Never compared or hashed; copying would cost.
record CorpusRow(
    UUID id,
    String docId,
    int chunkIndex,
    String source,
    String text,
    Map<String, String> metadata,
    List<String> tags,
    float[] vector) {}
