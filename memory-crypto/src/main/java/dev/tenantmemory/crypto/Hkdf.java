package dev.tenantmemory.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) from Bouncy Castle: JDK 17 has no HKDF. */
final class Hkdf {
  private Hkdf() {}

  /** Extract-then-expand. A null or empty salt means HashLen zero bytes, as RFC 5869 specifies. */
  static byte[] sha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(inputKeyMaterial, salt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }
}
