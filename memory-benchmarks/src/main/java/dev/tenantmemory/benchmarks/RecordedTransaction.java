package dev.tenantmemory.benchmarks;

import com.pgvector.PGvector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * The statements one call of the store sent in its transaction, with their parameters: the seam
 * between the store and the raw-SQL baseline. Because it is recorded from the store itself (see
 * {@link StatementRecorder}), the baseline runs exactly the SQL the store runs today, including
 * whatever the search planner adds ({@code SET LOCAL}, per-tenant strategies), with no copy to keep
 * up to date.
 *
 * @param statements in the order they ran
 */
record RecordedTransaction(List<Step> statements) {
  RecordedTransaction {
    statements = List.copyOf(statements);
  }

  /**
   * One statement.
   *
   * @param sql its text
   * @param prepared whether it ran as a {@code PreparedStatement} (else a plain {@code Statement})
   * @param bindings its parameter settings, in order
   */
  record Step(String sql, boolean prepared, List<Binding> bindings) {
    Step {
      Objects.requireNonNull(sql, "sql");
      bindings = List.copyOf(bindings);
    }
  }

  /**
   * One {@code PreparedStatement.setXxx(index, ...)} call.
   *
   * @param method the setter
   * @param args its arguments; {@link QueryVector} and {@link ArrayValue} stand for values that
   *     must be made again on the replaying connection
   */
  record Binding(Method method, List<Object> args) {
    /**
     * Makes this call on a statement of the replaying connection, with {@code query} for the query
     * vector and arrays made again on {@code connection}.
     */
    void apply(PreparedStatement s, Connection connection, float[] query) throws SQLException {
      Object[] values = args.toArray();
      Object value = values[1];
      if (value == QueryVector.INSTANCE) {
        values[1] = new PGvector(query);
      } else if (value instanceof ArrayValue a) {
        values[1] = connection.createArrayOf(a.baseType(), a.elements().toArray());
      }
      try {
        method.invoke(s, values);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot call " + method, e);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw new IllegalStateException("binding failed: " + e.getCause(), e.getCause());
      }
    }
  }

  /** Stands for the query vector, which the replay replaces by its own. */
  enum QueryVector {
    INSTANCE
  }

  /**
   * A SQL array, recreated on the replaying connection.
   *
   * @param baseType the element type name
   * @param elements the elements
   */
  record ArrayValue(String baseType, List<Object> elements) {}

  /** The SQL of every step, for reports; tenant hashes written into the SQL are elided. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    for (Step s : statements) {
      sb.append(s.sql().replaceAll("'[0-9a-f]{64}'", "'<user_hash>'")).append(";\n");
    }
    return sb.toString();
  }
}
