package dev.tenantmemory.examples;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions), run in-process with ONNX Runtime. The
 * model and its tokenizer ship inside the langchain4j jar: nothing is downloaded at run time. The
 * core library takes plain {@code float[]} vectors; the demo gets them here, the LangChain4j
 * example takes the model itself ({@link #model()}).
 */
final class Embedder implements AutoCloseable {
  /** The model's name, recorded with every stored chunk. */
  static final String MODEL_NAME = "all-MiniLM-L6-v2";

  /** The model's output dimension. */
  static final int DIMENSION = 384;

  static {
    // DJL, which tokenizes for langchain4j, otherwise probes the EC2 metadata endpoint to send
    // usage telemetry. Offline mode also makes it fail rather than download a missing native
    // library. An explicit setting by the user wins.
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.offline", "true");
  }

  private final ExecutorService executor;
  private final EmbeddingModel model;

  /** Loads the model from the classpath; takes about a second. */
  Embedder() {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "embedder");
              t.setDaemon(true);
              return t;
            });
    this.model = new AllMiniLmL6V2EmbeddingModel(executor);
    if (model.dimension() != DIMENSION) {
      throw new IllegalStateException(
          MODEL_NAME + " reports " + model.dimension() + " dimensions, expected " + DIMENSION);
    }
  }

  /**
   * The model, for LangChain4j's own pipeline (ingestor and retriever).
   *
   * @return the loaded model
   */
  EmbeddingModel model() {
    return model;
  }

  /**
   * Embeds one text.
   *
   * @param text the text
   * @return its 384-dimensional embedding
   */
  float[] embed(String text) {
    return model.embed(text).content().vector();
  }

  /**
   * Embeds several texts in parallel.
   *
   * @param texts the texts
   * @return their embeddings, in order
   */
  List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    texts.forEach(t -> segments.add(TextSegment.from(t)));
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (Embedding e : model.embedAll(segments).content()) {
      vectors.add(e.vector());
    }
    return vectors;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
