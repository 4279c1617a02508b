/**
 * The keys of Tenant Memory: all an application needs from {@code memory-crypto}. For most
 * applications, {@link dev.tenantmemory.crypto.KeyProviders#fromEnvironment()} or {@link
 * dev.tenantmemory.crypto.KeyProviders#fromFile(java.nio.file.Path)} is the only call they will
 * make here; the {@link dev.tenantmemory.crypto.KeyProvider} it returns goes to {@code
 * MemoryStore.builder().keyProvider(...)}.
 *
 * <ul>
 *   <li>{@link dev.tenantmemory.crypto.KeyProviders}: the built-in providers (environment
 *       variables, a key file, keys in memory) and the derivation of the tenant hash key.
 *   <li>{@link dev.tenantmemory.crypto.KeyProvider}: the SPI to implement for keys held in a KMS or
 *       secret manager.
 *   <li>{@link dev.tenantmemory.crypto.MasterKey} and {@link dev.tenantmemory.crypto.Secret}: key
 *       material that never prints itself.
 *   <li>{@link dev.tenantmemory.crypto.KeyConfigurationException}, {@link
 *       dev.tenantmemory.crypto.CiphertextRejectedException} and {@link
 *       dev.tenantmemory.crypto.UnknownKeyException}: the failures a caller may want to tell apart.
 * </ul>
 *
 * <p>The encryption engine (payload cipher, data keys, tenant hasher) is in {@code
 * dev.tenantmemory.crypto.internal}, which is not API. The layout, the ciphertext format and the
 * rotation procedures are described in {@code docs/encryption.md}.
 *
 * <p>Conventions: arguments are non-null ({@link java.lang.NullPointerException} otherwise);
 * malformed arguments raise {@link dev.tenantmemory.MemoryException} with {@link
 * dev.tenantmemory.ErrorCode#INVALID_ARGUMENT}; no message, exception or {@code toString()} ever
 * contains key material, plaintext or a raw tenant id.
 */
package dev.tenantmemory.crypto;
