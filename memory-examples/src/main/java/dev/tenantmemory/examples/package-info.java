/**
 * A runnable demo of Tenant Memory with an in-jar sentence-embedding model: code to read and copy,
 * not API.
 */
package dev.tenantmemory.examples;
