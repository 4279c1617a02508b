package dev.tenantmemory.examples;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one run of the demo observed, for tests to check rather than read.
 *
 * @param noteIds each tenant's stored chunk ids, in note order
 * @param answers every question a tenant asked its own memory
 * @param crossTenant Bob's question about Alice's topic
 * @param foreignGetEmpty whether {@code bob.get(id of alice's note)} was empty
 * @param ownerGetText what {@code alice.get(the same id)} returned
 * @param rawRows the rows a superuser sees in {@code memory_chunks}
 * @param rawRowsWithPlaintext how many of them hold any 16-byte run of any note's text in {@code
 *     text_cipher}
 * @param appRoleRowsWithoutTenant the rows the application role sees when it names a tenant (sets
 *     app.user_hash) without a scope token
 */
record DemoResult(
    Map<String, List<UUID>> noteIds,
    List<Answer> answers,
    Answer crossTenant,
    boolean foreignGetEmpty,
    String ownerGetText,
    int rawRows,
    int rawRowsWithPlaintext,
    long appRoleRowsWithoutTenant) {

  DemoResult {
    noteIds = Map.copyOf(noteIds);
    answers = List.copyOf(answers);
  }

  /**
   * One search and its hits.
   *
   * @param tenant who asked
   * @param question the question
   * @param expectedNoteId the note that answers it, or null when none of the asker's notes does
   * @param hits the hits, nearest first
   * @param searchNanos how long the search call took
   */
  record Answer(
      String tenant, String question, UUID expectedNoteId, List<Hit> hits, long searchNanos) {
    Answer {
      hits = List.copyOf(hits);
    }
  }

  /**
   * One hit of a search.
   *
   * @param id the chunk id
   * @param owner the tenant that stored the note
   * @param text the decrypted text
   * @param distance the cosine distance to the question
   */
  record Hit(UUID id, String owner, String text, double distance) {}
}
