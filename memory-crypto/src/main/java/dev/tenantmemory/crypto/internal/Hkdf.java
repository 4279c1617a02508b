package dev.tenantmemory.crypto.internal;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) from Bouncy Castle: JDK 17 has no HKDF. Internal. */
public final class Hkdf {
  private Hkdf() {}

  /**
   * Extract-then-expand. A null or empty salt means HashLen zero bytes, as RFC 5869 specifies.
   *
   * @param inputKeyMaterial the input key material
   * @param salt the salt, or null
   * @param info the context
   * @param length the output length in bytes
   * @return the output key material
   */
  public static byte[] sha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(inputKeyMaterial, salt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }
}
