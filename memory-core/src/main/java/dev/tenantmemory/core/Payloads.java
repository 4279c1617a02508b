package dev.tenantmemory.core;

import dev.tenantmemory.crypto.CiphertextRejectedException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The plaintext encodings that get encrypted: metadata as a count and length-prefixed UTF-8 pairs
 * sorted by key (deterministic, no JSON library needed), embeddings as big-endian floats.
 */
final class Payloads {
  private Payloads() {}

  static byte[] encodeMetadata(Map<String, String> metadata) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      SortedMap<String, String> sorted = new TreeMap<>(metadata);
      out.writeInt(sorted.size());
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream failed", e);
    }
    return bytes.toByteArray();
  }

  static SortedMap<String, String> decodeMetadata(byte[] encoded) {
    SortedMap<String, String> metadata = new TreeMap<>();
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        metadata.put(readString(in), readString(in));
      }
    } catch (IOException | RuntimeException e) {
      // Authenticated plaintext cannot decode badly unless another program wrote it.
      throw new CiphertextRejectedException();
    }
    return metadata;
  }

  static byte[] encodeEmbedding(float[] embedding) {
    ByteBuffer buffer = ByteBuffer.allocate(embedding.length * Float.BYTES);
    for (float f : embedding) {
      buffer.putFloat(f);
    }
    return buffer.array();
  }

  static float[] decodeEmbedding(byte[] encoded) {
    ByteBuffer buffer = ByteBuffer.wrap(encoded);
    float[] embedding = new float[encoded.length / Float.BYTES];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = buffer.getFloat();
    }
    return embedding;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = utf8(s);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("bad length");
    }
    byte[] b = new byte[length];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
