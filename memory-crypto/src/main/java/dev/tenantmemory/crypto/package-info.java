/**
 * Encryption for Tenant Memory: the payload cipher (AES-256-GCM with required associated data),
 * per-tenant data keys wrapped by versioned master keys, the tenant hasher (HMAC-SHA256) and the
 * {@link dev.tenantmemory.crypto.KeyProvider} SPI.
 *
 * <p>Everything public in this package is API; helpers are package-private. The layout, the
 * ciphertext format and the rotation procedures are described in {@code docs/encryption.md}.
 *
 * <p>Conventions: arguments are non-null ({@link java.lang.NullPointerException} otherwise);
 * malformed arguments raise {@link dev.tenantmemory.MemoryException} with {@link
 * dev.tenantmemory.ErrorCode#INVALID_ARGUMENT}; no message, exception or {@code toString()} ever
 * contains key material, plaintext or a raw tenant id.
 */
package dev.tenantmemory.crypto;
