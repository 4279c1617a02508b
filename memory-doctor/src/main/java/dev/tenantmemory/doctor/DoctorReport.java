package dev.tenantmemory.doctor;

import dev.tenantmemory.internal.JsonText;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link MemoryDoctor#run()}: every check in the order it ran, and a verdict.
 * Immutable.
 *
 * @param checks every check, in order
 */
public record DoctorReport(List<DoctorCheck> checks) {
  /** The verdict when every check passed. */
  public static final String APPROVED = "APPROVED FOR PRODUCTION";

  /** The verdict when any check failed. */
  public static final String NOT_READY = "NOT READY";

  /**
   * Copies the list.
   *
   * @param checks every check
   */
  public DoctorReport {
    checks = List.copyOf(checks);
  }

  /**
   * Whether every check passed.
   *
   * @return true when approved for production
   */
  public boolean approved() {
    return checks.stream().allMatch(DoctorCheck::passed);
  }

  /**
   * The names of the checks that failed.
   *
   * @return the failing checks' names, in order; empty when approved
   */
  public List<String> failing() {
    return checks.stream().filter(c -> !c.passed()).map(DoctorCheck::name).toList();
  }

  /**
   * The check of the given name.
   *
   * @param name a check's name
   * @return the check
   * @throws IllegalArgumentException when no check has that name
   */
  public DoctorCheck check(String name) {
    Objects.requireNonNull(name, "name");
    return checks.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no check named " + name));
  }

  /**
   * The verdict line: {@value #APPROVED}, or {@value #NOT_READY} with the failing checks.
   *
   * @return for example {@code NOT READY (failing: indexes, search-plans)}
   */
  public String verdict() {
    return approved() ? APPROVED : NOT_READY + " (failing: " + String.join(", ", failing()) + ")";
  }

  /**
   * The report for people: one block per check ({@code [PASS]} or {@code [FAIL]}, its name, its
   * evidence indented), then the verdict line.
   *
   * @return the text, lines ending in {@code \n}
   */
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (DoctorCheck c : checks) {
      out.append(c.passed() ? "[PASS] " : "[FAIL] ").append(c.name()).append('\n');
      for (String line : c.evidence()) {
        out.append("       ").append(line).append('\n');
      }
    }
    return out.append("VERDICT: ").append(verdict()).append('\n').toString();
  }

  /**
   * The report for automation, as one JSON object: {@code verdict}, {@code approved}, {@code
   * failing} (names) and {@code checks} (each with {@code name}, {@code passed} and {@code
   * evidence}).
   *
   * @return the JSON text, without a trailing newline
   */
  public String toJson() {
    StringBuilder out = new StringBuilder("{\"verdict\":");
    JsonText.string(out, verdict());
    out.append(",\"approved\":").append(approved()).append(",\"failing\":");
    JsonText.strings(out, failing());
    out.append(",\"checks\":[");
    for (int i = 0; i < checks.size(); i++) {
      DoctorCheck c = checks.get(i);
      out.append(i == 0 ? "" : ",").append("{\"name\":");
      JsonText.string(out, c.name());
      out.append(",\"passed\":").append(c.passed()).append(",\"evidence\":");
      JsonText.strings(out, c.evidence());
      out.append('}');
    }
    return out.append("]}").toString();
  }
}
