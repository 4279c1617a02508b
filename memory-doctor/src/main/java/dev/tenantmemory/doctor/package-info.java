/**
 * The deployment checks of Tenant Memory: {@link dev.tenantmemory.doctor.MemoryDoctor} runs them
 * against a database and a store configuration and returns a {@link
 * dev.tenantmemory.doctor.DoctorReport} with a verdict, as text or JSON. The operator CLI's {@code
 * doctor} command is this; applications that check their own deployments need only these three
 * types and {@link dev.tenantmemory.doctor.DoctorCheck}.
 */
package dev.tenantmemory.doctor;
