/**
 * The operator command line of Tenant Memory ({@code tenant-memory migrate | info | rollback |
 * doctor | expire | promote-tenants | rotate-keys | purge-tenant}), a runnable jar. Its interface
 * is the command line, described in {@code docs/operations.md}; these classes are not API and may
 * change without notice. They use only the public API of the other modules.
 */
package dev.tenantmemory.cli;
