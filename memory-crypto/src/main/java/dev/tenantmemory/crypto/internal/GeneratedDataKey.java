package dev.tenantmemory.crypto.internal;

/**
 * A freshly generated data key together with its wrapped form: persist {@link #wrapped()}, then use
 * {@link #dataKey()}.
 *
 * <p>Thread safety: immutable.
 */
public final class GeneratedDataKey {
  private final DataKey dataKey;
  private final WrappedDataKey wrapped;

  GeneratedDataKey(DataKey dataKey, WrappedDataKey wrapped) {
    this.dataKey = dataKey;
    this.wrapped = wrapped;
  }

  /**
   * The usable key.
   *
   * @return the data key
   */
  public DataKey dataKey() {
    return dataKey;
  }

  /**
   * The form to persist.
   *
   * @return the data key wrapped under the primary master key
   */
  public WrappedDataKey wrapped() {
    return wrapped;
  }

  /**
   * Shows the versions only.
   *
   * @return a description without key material
   */
  @Override
  public String toString() {
    return "GeneratedDataKey[" + wrapped + "]";
  }
}
