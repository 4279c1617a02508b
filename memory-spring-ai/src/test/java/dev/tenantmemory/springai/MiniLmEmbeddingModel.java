package dev.tenantmemory.springai;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Spring AI's {@link EmbeddingModel} over all-MiniLM-L6-v2 (384 dimensions), run in-process from
 * LangChain4j's jar: real sentence embeddings for tests, with nothing downloaded. Shared with the
 * Spring Boot starter's tests through this module's test jar.
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel {
  static {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
  }

  private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<TextSegment> segments = new ArrayList<>();
    request.getInstructions().forEach(t -> segments.add(TextSegment.from(t)));
    List<Embedding> embeddings = new ArrayList<>();
    List<dev.langchain4j.data.embedding.Embedding> out = model.embedAll(segments).content();
    for (int i = 0; i < out.size(); i++) {
      embeddings.add(new Embedding(out.get(i).vector(), i));
    }
    return new EmbeddingResponse(embeddings);
  }

  @Override
  public float[] embed(Document document) {
    return model.embed(document.getText()).content().vector();
  }

  @Override
  public int dimensions() {
    return 384;
  }
}
