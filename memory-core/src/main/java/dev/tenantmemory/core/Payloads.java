package dev.tenantmemory.core;

import dev.tenantmemory.crypto.CiphertextRejectedException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The plaintext encodings that get encrypted: metadata as a count and length-prefixed UTF-8 pairs
 * sorted by key (deterministic, no JSON library needed), followed by the attributes with a type tag
 * each; embeddings as big-endian floats.
 */
final class Payloads {
  private Payloads() {}

  /** A chunk's decrypted metadata payload: its metadata and its attributes. */
  record Metadata(SortedMap<String, String> metadata, SortedMap<String, Object> attributes) {}

  static byte[] encodeMetadata(Map<String, String> metadata, Map<String, Object> attributes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      SortedMap<String, String> sorted = new TreeMap<>(metadata);
      out.writeInt(sorted.size());
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
      // Attributes follow (absent in a payload written without them): a count, then per key in
      // order its name, a type tag and the value.
      if (!attributes.isEmpty()) {
        SortedMap<String, Object> kept = new TreeMap<>(attributes);
        out.writeInt(kept.size());
        for (Map.Entry<String, Object> e : kept.entrySet()) {
          writeString(out, e.getKey());
          writeAttribute(out, e.getValue());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream failed", e);
    }
    return bytes.toByteArray();
  }

  static Metadata decodeMetadata(byte[] encoded) {
    SortedMap<String, String> metadata = new TreeMap<>();
    SortedMap<String, Object> attributes = new TreeMap<>();
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        metadata.put(readString(in), readString(in));
      }
      if (in.available() > 0) {
        int a = in.readInt();
        for (int i = 0; i < a; i++) {
          attributes.put(readString(in), readAttribute(in));
        }
      }
      if (in.available() > 0) {
        throw new IOException("trailing bytes");
      }
    } catch (IOException | RuntimeException e) {
      // Authenticated plaintext cannot decode badly unless another program wrote it.
      throw new CiphertextRejectedException();
    }
    return new Metadata(metadata, attributes);
  }

  private static void writeAttribute(DataOutputStream out, Object v) throws IOException {
    if (v instanceof String s) {
      out.writeByte('S');
      writeString(out, s);
    } else if (v instanceof Long l) {
      out.writeByte('L');
      out.writeLong(l);
    } else if (v instanceof Integer n) {
      out.writeByte('N');
      out.writeInt(n);
    } else if (v instanceof Float f) {
      out.writeByte('F');
      out.writeFloat(f);
    } else if (v instanceof Double d) {
      out.writeByte('D');
      out.writeDouble(d);
    } else if (v instanceof Boolean b) {
      out.writeByte('B');
      out.writeBoolean(b);
    } else if (v instanceof UUID u) {
      out.writeByte('U');
      out.writeLong(u.getMostSignificantBits());
      out.writeLong(u.getLeastSignificantBits());
    } else if (v instanceof Instant i) {
      out.writeByte('I');
      out.writeLong(i.getEpochSecond());
      out.writeInt(i.getNano());
    } else if (v instanceof List<?> list) {
      out.writeByte('A');
      out.writeInt(list.size());
      for (Object element : list) {
        writeString(out, (String) element);
      }
    } else {
      throw new IllegalStateException("not a kept attribute value: " + v.getClass());
    }
  }

  private static Object readAttribute(DataInputStream in) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case 'S' -> readString(in);
      case 'L' -> in.readLong();
      case 'N' -> in.readInt();
      case 'F' -> in.readFloat();
      case 'D' -> in.readDouble();
      case 'B' -> in.readBoolean();
      case 'U' -> new UUID(in.readLong(), in.readLong());
      case 'I' -> Instant.ofEpochSecond(in.readLong(), in.readInt());
      case 'A' -> {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
          throw new IOException("bad list length");
        }
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(readString(in));
        }
        yield List.copyOf(list);
      }
      default -> throw new IOException("unknown attribute tag " + tag);
    };
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
