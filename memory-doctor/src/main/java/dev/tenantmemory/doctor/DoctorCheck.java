package dev.tenantmemory.doctor;

import java.util.List;
import java.util.Objects;

/**
 * One named check of {@link MemoryDoctor}: whether it passed and the evidence it saw (catalog
 * values, plans, counts), one line each. Immutable.
 *
 * @param name a stable, lower-case name, for example {@code row-level-security}
 * @param passed whether the check passed
 * @param evidence what the check saw, one line each; never key material or plaintext
 */
public record DoctorCheck(String name, boolean passed, List<String> evidence) {

  /**
   * Validates and copies.
   *
   * @param name the check's name
   * @param passed whether it passed
   * @param evidence what it saw
   */
  public DoctorCheck {
    Objects.requireNonNull(name, "name");
    evidence = List.copyOf(evidence);
  }

  /**
   * A passed check.
   *
   * @param name the check's name
   * @param evidence what it saw
   * @return the check
   */
  public static DoctorCheck pass(String name, List<String> evidence) {
    return new DoctorCheck(name, true, evidence);
  }

  /**
   * A failed check.
   *
   * @param name the check's name
   * @param evidence what it saw, including what failed
   * @return the check
   */
  public static DoctorCheck fail(String name, List<String> evidence) {
    return new DoctorCheck(name, false, evidence);
  }
}
