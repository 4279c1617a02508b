package dev.tenantmemory.benchmarks;

import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM on Bouncy Castle's lightweight API ({@link GCMBlockCipher} over {@link AESEngine}),
 * producing the same layout as the store's payload cipher: header, random 96-bit nonce, ciphertext
 * and 128-bit tag, with the header and associated data authenticated. For the crypto comparison
 * only. Not thread-safe (one cipher instance).
 */
final class BcGcm {
  static final int HEADER = 5;
  static final int NONCE = 12;
  static final int TAG = 16;

  private final GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
  private final KeyParameter key;
  private final SecureRandom random = new SecureRandom();

  BcGcm(byte[] key) {
    this.key = new KeyParameter(key.clone());
  }

  /** {@code header || nonce || ciphertext || tag}, with {@code header || aad} authenticated. */
  byte[] seal(byte[] header, byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    return sealWithNonce(header, nonce, plaintext, aad);
  }

  byte[] sealWithNonce(byte[] header, byte[] nonce, byte[] plaintext, byte[] aad) {
    byte[] out = new byte[HEADER + NONCE + plaintext.length + TAG];
    System.arraycopy(header, 0, out, 0, HEADER);
    System.arraycopy(nonce, 0, out, HEADER, NONCE);
    cipher.init(true, new AEADParameters(key, TAG * 8, nonce));
    cipher.processAADBytes(header, 0, HEADER);
    cipher.processAADBytes(aad, 0, aad.length);
    int n = cipher.processBytes(plaintext, 0, plaintext.length, out, HEADER + NONCE);
    try {
      cipher.doFinal(out, HEADER + NONCE + n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("GCM encryption cannot fail", e);
    }
    return out;
  }

  /** Decrypts what {@link #seal} produced; throws if it was altered. */
  byte[] open(byte[] sealed, byte[] aad) throws InvalidCipherTextException {
    byte[] nonce = new byte[NONCE];
    System.arraycopy(sealed, HEADER, nonce, 0, NONCE);
    cipher.init(false, new AEADParameters(key, TAG * 8, nonce));
    cipher.processAADBytes(sealed, 0, HEADER);
    cipher.processAADBytes(aad, 0, aad.length);
    int inputLength = sealed.length - HEADER - NONCE;
    byte[] out = new byte[cipher.getOutputSize(inputLength)];
    int n = cipher.processBytes(sealed, HEADER + NONCE, inputLength, out, 0);
    cipher.doFinal(out, n);
    return out;
  }
}
