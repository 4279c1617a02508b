package dev.tenantmemory.examples;

import java.util.List;
import java.util.Map;

/**
 * What {@link LangChain4jExample} observed, for its test.
 *
 * @param ingested the number of notes ingested, by tenant
 * @param retrievals each tenant's questions through its own retriever
 * @param crossTenant Bob's retriever asked about Alice's topic
 * @param perRequest the application's one retriever, asked the same question as each user
 * @param refusal the error code of a call with no user, or what happened instead
 */
record LangChain4jResult(
    Map<String, Integer> ingested,
    List<LangChain4jResult.Retrieval> retrievals,
    LangChain4jResult.Retrieval crossTenant,
    Map<String, LangChain4jResult.Retrieval> perRequest,
    String refusal) {

  LangChain4jResult {
    ingested = Map.copyOf(ingested);
    retrievals = List.copyOf(retrievals);
    perRequest = Map.copyOf(perRequest);
  }

  /**
   * One question and what the retriever returned.
   *
   * @param tenant whose retriever answered
   * @param question the question
   * @param texts the retrieved texts, most relevant first
   * @param notes the note number of each (its metadata value, read back as an integer)
   */
  record Retrieval(String tenant, String question, List<String> texts, List<Integer> notes) {
    Retrieval {
      texts = List.copyOf(texts);
      notes = List.copyOf(notes);
    }
  }
}
