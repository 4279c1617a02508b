package dev.tenantmemory.benchmarks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * A Spring AI {@link EmbeddingModel} that embeds nothing: it returns the benchmark's precomputed
 * vectors, which the caller feeds it ({@link #feed}) on the same thread just before the call to
 * Spring AI that embeds (its vector store embeds the documents it adds and the query text of a
 * search itself). Vectors are handed out in the order fed, one per input text, as Spring AI asks
 * for them in its inputs' order; a call with more inputs than vectors fed fails. Thread-confined
 * queues, so loader threads do not mix their vectors.
 */
final class FedEmbeddingModel implements EmbeddingModel {
  private final ThreadLocal<ArrayDeque<float[]>> fed = ThreadLocal.withInitial(ArrayDeque::new);
  private final int dimension;

  FedEmbeddingModel(int dimension) {
    this.dimension = dimension;
  }

  /** Queues the vectors the next embedding calls on this thread return, in order. */
  void feed(List<float[]> vectors) {
    fed.get().addAll(vectors);
  }

  /** Queues one vector, e.g. a search's query. */
  void feed(float[] vector) {
    fed.get().add(vector);
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    ArrayDeque<float[]> queue = fed.get();
    List<String> inputs = request.getInstructions();
    if (queue.size() < inputs.size()) {
      queue.clear();
      throw new IllegalStateException(
          "asked to embed " + inputs.size() + " texts, fed " + queue.size() + " vectors");
    }
    List<Embedding> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      out.add(new Embedding(queue.poll(), i));
    }
    return new EmbeddingResponse(out);
  }

  @Override
  public float[] embed(Document document) {
    return call(new EmbeddingRequest(List.of(document.getText()), null)).getResult().getOutput();
  }

  @Override
  public int dimensions() {
    return dimension;
  }
}
