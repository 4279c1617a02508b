/**
 * Not API: the encryption engine that {@code memory-core} runs on. Nothing here is meant for
 * applications, and anything here may change or disappear in any release without notice. An
 * application configures keys with {@link dev.tenantmemory.crypto} and reaches its data through
 * {@code MemoryStore}; it never calls this package. On the module path, {@code module
 * dev.tenantmemory.crypto} exports this package to the library's own modules only.
 *
 * <p>What is here: {@link dev.tenantmemory.crypto.internal.PayloadCipher} (AES-256-GCM with
 * required {@link dev.tenantmemory.crypto.internal.AssociatedData}), {@link
 * dev.tenantmemory.crypto.internal.DataKeys} (per-tenant data keys wrapped by versioned master
 * keys), {@link dev.tenantmemory.crypto.internal.TenantKeyset}, {@link
 * dev.tenantmemory.crypto.internal.DataKeyCache}, and {@link
 * dev.tenantmemory.crypto.internal.TenantHasher} (HMAC-SHA256 of user ids). {@link
 * dev.tenantmemory.crypto.internal.KeyMaterial} is how this package reads the key bytes that {@code
 * Secret} never hands out. Formats and procedures: {@code docs/encryption.md}.
 *
 * <p>Conventions: arguments are non-null ({@link java.lang.NullPointerException} otherwise);
 * malformed arguments raise {@link dev.tenantmemory.MemoryException} with {@link
 * dev.tenantmemory.ErrorCode#INVALID_ARGUMENT}; no message, exception or {@code toString()} ever
 * contains key material, plaintext or a raw tenant id.
 */
package dev.tenantmemory.crypto.internal;
