/**
 * Not API: helpers that several Tenant Memory modules share, such as the one check of a SQL
 * identifier. Applications must not use this package; it changes without notice.
 */
package dev.tenantmemory.internal;
