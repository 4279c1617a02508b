package dev.tenantmemory.benchmarks;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.internal.AssociatedData;
import dev.tenantmemory.crypto.internal.Column;
import dev.tenantmemory.crypto.internal.DataKeys;
import dev.tenantmemory.crypto.internal.PayloadCipher;
import dev.tenantmemory.crypto.internal.TenantHasher;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AES-256-GCM encrypt-then-decrypt pairs per second, for payloads of 256 B, 1 KiB and 16 KiB: the
 * JDK's {@code AES/GCM/NoPadding} through the store's {@link PayloadCipher} (header, random nonce,
 * associated data binding tenant, chunk and column) against Bouncy Castle's lightweight GCM with
 * the same layout and associated data. Not final: JMH subclasses it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmark {
  /** The plaintext size in bytes. */
  @Param({"256", "1024", "16384"})
  public int payloadBytes;

  private final PayloadCipher jdk = PayloadCipher.create();
  private TenantKeyset keyset;
  private AssociatedData associatedData;
  private BcGcm bc;
  private byte[] bcHeader;
  private byte[] bcAssociatedData;
  private byte[] plaintext;

  /** Makes a tenant keyset, a Bouncy Castle key and a random payload. */
  @Setup(Level.Trial)
  public void setUp() {
    KeyProvider keys = BenchKeys.provider(CorpusSpec.DEFAULT_SEED);
    String userHash = TenantHasher.create(keys.tenantHashKey()).hash("crypto-benchmark");
    keyset = TenantKeyset.of(List.of(DataKeys.create(keys).generate(userHash, 1).dataKey()));
    UUID chunkId = ChunkIds.of(0, 0);
    associatedData = AssociatedData.of(userHash, chunkId, Column.TEXT);
    SplittableRandom r = new SplittableRandom(payloadBytes);
    byte[] bcKey = new byte[32];
    r.nextBytes(bcKey);
    bc = new BcGcm(bcKey);
    bcHeader = ByteBuffer.allocate(BcGcm.HEADER).put((byte) 1).putInt(1).array();
    bcAssociatedData = encode(userHash, chunkId, "text");
    plaintext = new byte[payloadBytes];
    r.nextBytes(plaintext);
  }

  /** The same layout as the store's associated data: three length-prefixed fields. */
  private static byte[] encode(String userHash, UUID chunkId, String column) {
    byte[] hash = userHash.getBytes(StandardCharsets.US_ASCII);
    byte[] label = column.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(12 + hash.length + 16 + label.length)
        .putInt(hash.length)
        .put(hash)
        .putInt(16)
        .putLong(chunkId.getMostSignificantBits())
        .putLong(chunkId.getLeastSignificantBits())
        .putInt(label.length)
        .put(label)
        .array();
  }

  /**
   * The store's cipher on the JDK.
   *
   * @return the decrypted payload
   */
  @Benchmark
  public byte[] jdkPair() {
    byte[] sealed = jdk.encrypt(keyset, plaintext, associatedData);
    return jdk.decrypt(keyset, sealed, associatedData);
  }

  /**
   * Bouncy Castle's lightweight GCM.
   *
   * @return the decrypted payload
   * @throws InvalidCipherTextException never: the ciphertext is genuine
   */
  @Benchmark
  public byte[] bouncyCastlePair() throws InvalidCipherTextException {
    byte[] sealed = bc.seal(bcHeader, plaintext, bcAssociatedData);
    return bc.open(sealed, bcAssociatedData);
  }
}
