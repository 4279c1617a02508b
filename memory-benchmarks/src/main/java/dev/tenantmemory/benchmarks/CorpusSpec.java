package dev.tenantmemory.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The parameters of a synthetic corpus. Two corpora with equal specs are identical, row for row.
 *
 * <p>Tenants: {@code zipfTenants} background tenants whose sizes follow Zipf's law (exponent {@code
 * zipfExponent}) and add up to {@code zipfRows}; a flat band of {@code bandTenants} mid-size
 * tenants, sizes evenly spaced from {@code bandMinRows} to {@code bandMaxRows}; and the planted
 * tenants, whose sizes are exact and whose queries the search benchmarks run. Vectors: {@code
 * topics} shared topic directions; each tenant has a few clusters near some topics ({@code
 * tenantSpread} away), and its rows and queries lie near its own clusters ({@code rowNoise} away).
 * Payloads: text of about {@code textBytes} and metadata of about {@code metadataBytes}.
 *
 * @param label a name for reports, for example {@code full-384}
 * @param seed the seed everything derives from
 * @param dimension the embedding dimension
 * @param zipfTenants the number of background tenants
 * @param zipfRows their total number of rows
 * @param zipfExponent the Zipf exponent of their sizes (1.0: the k-th largest has 1/k of the first)
 * @param bandTenants the number of band tenants (0 for none)
 * @param bandMinRows the smallest band tenant
 * @param bandMaxRows the largest band tenant
 * @param planted the planted tenants, in order
 * @param topics the number of shared topic directions
 * @param tenantSpread how far a tenant's cluster centres lie from their topic (noise norm)
 * @param rowNoise how far rows and queries lie from their cluster centre (noise norm)
 * @param queriesPerTenant queries generated per planted tenant
 * @param textBytes the mean text size in bytes
 * @param metadataBytes the mean metadata size in bytes
 */
public record CorpusSpec(
    String label,
    long seed,
    int dimension,
    int zipfTenants,
    int zipfRows,
    double zipfExponent,
    int bandTenants,
    int bandMinRows,
    int bandMaxRows,
    List<Planted> planted,
    int topics,
    double tenantSpread,
    double rowNoise,
    int queriesPerTenant,
    int textBytes,
    int metadataBytes) {

  /** The seed of the published runs. */
  public static final long DEFAULT_SEED = 20_261_128L;

  /**
   * A planted tenant: one of known size, in a size class, whose queries are benchmarked.
   *
   * @param sizeClass its class
   * @param rows its exact number of rows
   */
  public record Planted(SizeClass sizeClass, int rows) {
    /**
     * Checks the values.
     *
     * @param sizeClass its class
     * @param rows at least 1
     */
    public Planted {
      Objects.requireNonNull(sizeClass, "sizeClass");
      if (rows < 1) {
        throw new IllegalArgumentException("a planted tenant needs at least 1 row, was " + rows);
      }
    }
  }

  /**
   * Checks the values.
   *
   * @param label a name
   * @param seed any seed
   * @param dimension 1 to 16,000
   * @param zipfTenants 0 or more
   * @param zipfRows at least {@code zipfTenants}
   * @param zipfExponent greater than 0
   * @param bandTenants 0 or more
   * @param bandMinRows at least 1
   * @param bandMaxRows at least {@code bandMinRows}
   * @param planted at least one tenant per class
   * @param topics at least 1
   * @param tenantSpread 0 or more
   * @param rowNoise 0 or more
   * @param queriesPerTenant at least 1
   * @param textBytes at least 16
   * @param metadataBytes at least 16
   */
  public CorpusSpec {
    Objects.requireNonNull(label, "label");
    planted = List.copyOf(planted);
    requireAtLeast("dimension", dimension, 1);
    requireAtLeast("zipfTenants", zipfTenants, 0);
    requireAtLeast("zipfRows", zipfRows, zipfTenants);
    requireAtLeast("bandTenants", bandTenants, 0);
    requireAtLeast("bandMinRows", bandMinRows, 1);
    requireAtLeast("bandMaxRows", bandMaxRows, bandMinRows);
    requireAtLeast("topics", topics, 1);
    requireAtLeast("queriesPerTenant", queriesPerTenant, 1);
    requireAtLeast("textBytes", textBytes, 16);
    requireAtLeast("metadataBytes", metadataBytes, 16);
    if (!(zipfExponent > 0) || !(tenantSpread >= 0) || !(rowNoise >= 0)) {
      throw new IllegalArgumentException(
          "zipfExponent must be > 0 and tenantSpread, rowNoise >= 0");
    }
    for (SizeClass c : SizeClass.values()) {
      if (planted.stream().noneMatch(p -> p.sizeClass() == c)) {
        throw new IllegalArgumentException("no planted tenant in size class " + c);
      }
    }
  }

  /**
   * The full scale: 200,000 chunks of ~1 KiB text; 500 Zipf tenants plus planted tenants of 50 and
   * 500 rows, 0.9 and 1.1 times the exact limit, 5,000, 40,000 and 50,000 rows.
   *
   * @param dimension the embedding dimension (384 or 1536)
   * @return the spec
   */
  public static CorpusSpec full(int dimension) {
    return Scale.FULL.spec(dimension);
  }

  /**
   * A medium scale for machines where the full one takes too long: 60,000 chunks.
   *
   * @param dimension the embedding dimension
   * @return the spec
   */
  public static CorpusSpec medium(int dimension) {
    return Scale.MEDIUM.spec(dimension);
  }

  /**
   * The smoke scale, for CI: about 15,000 chunks, with the planner's exact budget scaled down (see
   * {@link #forScale}) so that every size class fits.
   *
   * @param dimension the embedding dimension
   * @return the spec
   */
  public static CorpusSpec smoke(int dimension) {
    return Scale.SMOKE.spec(dimension);
  }

  /**
   * A spec by scale name.
   *
   * @param scale {@code smoke}, {@code medium}, {@code full}, {@code 1m} or {@code 5m}
   * @param dimension the embedding dimension
   * @return the spec
   */
  public static CorpusSpec forScale(String scale, int dimension) {
    return Scale.of(scale).spec(dimension);
  }

  static List<Planted> plant(SizeClass sizeClass, int count, int rows, List<Planted> into) {
    for (int i = 0; i < count; i++) {
      into.add(new Planted(sizeClass, rows));
    }
    return into;
  }

  static int rows(List<Planted> planted) {
    return planted.stream().mapToInt(Planted::rows).sum();
  }

  /**
   * The band's tenant sizes, evenly spaced from the smallest to the largest.
   *
   * @return sizes, non-decreasing
   */
  public int[] bandSizes() {
    int[] sizes = new int[bandTenants];
    for (int i = 0; i < bandTenants; i++) {
      sizes[i] =
          bandTenants == 1
              ? bandMinRows
              : (int)
                  Math.round(
                      bandMinRows + (bandMaxRows - bandMinRows) * (double) i / (bandTenants - 1));
    }
    return sizes;
  }

  /**
   * The same spec with another seed.
   *
   * @param newSeed the seed
   * @return a new spec
   */
  public CorpusSpec withSeed(long newSeed) {
    return new CorpusSpec(
        label,
        newSeed,
        dimension,
        zipfTenants,
        zipfRows,
        zipfExponent,
        bandTenants,
        bandMinRows,
        bandMaxRows,
        planted,
        topics,
        tenantSpread,
        rowNoise,
        queriesPerTenant,
        textBytes,
        metadataBytes);
  }

  /**
   * All rows of the corpus: background and planted.
   *
   * @return the total number of chunks
   */
  public long totalRows() {
    long band = 0;
    for (int b : bandSizes()) {
      band += b;
    }
    return (long) zipfRows + band + rows(planted);
  }

  /**
   * The spec as text entries, for the environment file that benchmark forks read.
   *
   * @return entries sorted by name
   */
  public Map<String, String> toEntries() {
    Map<String, String> m = new TreeMap<>();
    m.put("label", label);
    m.put("seed", Long.toString(seed));
    m.put("dimension", Integer.toString(dimension));
    m.put("zipfTenants", Integer.toString(zipfTenants));
    m.put("zipfRows", Integer.toString(zipfRows));
    m.put("zipfExponent", Double.toString(zipfExponent));
    m.put("bandTenants", Integer.toString(bandTenants));
    m.put("bandMinRows", Integer.toString(bandMinRows));
    m.put("bandMaxRows", Integer.toString(bandMaxRows));
    List<String> p = new ArrayList<>();
    planted.forEach(t -> p.add(t.sizeClass() + ":" + t.rows()));
    m.put("planted", String.join(",", p));
    m.put("topics", Integer.toString(topics));
    m.put("tenantSpread", Double.toString(tenantSpread));
    m.put("rowNoise", Double.toString(rowNoise));
    m.put("queriesPerTenant", Integer.toString(queriesPerTenant));
    m.put("textBytes", Integer.toString(textBytes));
    m.put("metadataBytes", Integer.toString(metadataBytes));
    return m;
  }

  /**
   * Reads a spec written by {@link #toEntries()}.
   *
   * @param m the entries
   * @return the spec
   */
  public static CorpusSpec fromEntries(Map<String, String> m) {
    List<Planted> planted = new ArrayList<>();
    for (String p : require(m, "planted").split(",", -1)) {
      String[] parts = p.split(":", -1);
      planted.add(new Planted(SizeClass.valueOf(parts[0]), Integer.parseInt(parts[1])));
    }
    return new CorpusSpec(
        require(m, "label"),
        Long.parseLong(require(m, "seed")),
        Integer.parseInt(require(m, "dimension")),
        Integer.parseInt(require(m, "zipfTenants")),
        Integer.parseInt(require(m, "zipfRows")),
        Double.parseDouble(require(m, "zipfExponent")),
        Integer.parseInt(m.getOrDefault("bandTenants", "0")),
        Integer.parseInt(m.getOrDefault("bandMinRows", "1")),
        Integer.parseInt(m.getOrDefault("bandMaxRows", "1")),
        planted,
        Integer.parseInt(require(m, "topics")),
        Double.parseDouble(require(m, "tenantSpread")),
        Double.parseDouble(require(m, "rowNoise")),
        Integer.parseInt(require(m, "queriesPerTenant")),
        Integer.parseInt(require(m, "textBytes")),
        Integer.parseInt(require(m, "metadataBytes")));
  }

  /**
   * A short digest of every parameter, so that a stored corpus is reused only for the same spec.
   *
   * @return 16 hex characters
   */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(toEntries().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static String require(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("corpus spec entry " + key + " is missing");
    }
    return v;
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }
}
