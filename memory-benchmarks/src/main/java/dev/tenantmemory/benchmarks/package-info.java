/**
 * Tenant Memory's benchmarks: a deterministic synthetic corpus ({@link
 * dev.tenantmemory.benchmarks.CorpusGenerator}), JMH benchmarks for search, ingest and crypto, the
 * LangChain4j peer, recall against exact search, and the latency gate ({@link
 * dev.tenantmemory.benchmarks.BenchGate}). Tooling, not API: nothing here is meant to be depended
 * on.
 */
package dev.tenantmemory.benchmarks;
