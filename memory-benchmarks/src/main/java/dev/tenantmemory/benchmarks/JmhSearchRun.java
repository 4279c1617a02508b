package dev.tenantmemory.benchmarks;

import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link SearchBenchmark} through JMH's API and collects p50, p95 and p99 per class and
 * target.
 */
final class JmhSearchRun {
  private JmhSearchRun() {}

  static Map<SizeClass, Map<Target, Latency>> run(
      Path envFile,
      JmhSettings settings,
      List<SizeClass> classes,
      List<Target> targets,
      Path jsonOut)
      throws RunnerException {
    StringBuilder methods = new StringBuilder();
    for (Target t : targets) {
      methods.append(methods.length() == 0 ? "" : "|").append(t.method());
    }
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(Pattern.quote(SearchBenchmark.class.getName()) + "\\.(" + methods + ")$")
            .param("sizeClass", classes.stream().map(Enum::name).toArray(String[]::new))
            .warmupIterations(settings.warmupIterations())
            .warmupTime(TimeValue.seconds(settings.warmupSeconds()))
            .measurementIterations(settings.iterations())
            .measurementTime(TimeValue.seconds(settings.iterationSeconds()))
            .forks(settings.forks())
            .threads(1)
            .timeUnit(TimeUnit.MILLISECONDS)
            .shouldFailOnError(true)
            .jvmArgsAppend(
                "-D" + BenchEnvironment.PROPERTY + "=" + envFile.toAbsolutePath(),
                "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .resultFormat(ResultFormatType.JSON)
            .result(jsonOut.toAbsolutePath().toString());
    Collection<RunResult> results = new Runner(options.build()).run();
    Map<SizeClass, Map<Target, Latency>> out = new EnumMap<>(SizeClass.class);
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      Target target = Target.forMethod(benchmark.substring(benchmark.lastIndexOf('.') + 1));
      SizeClass sizeClass = SizeClass.valueOf(r.getParams().getParam("sizeClass"));
      Statistics s = r.getPrimaryResult().getStatistics();
      out.computeIfAbsent(sizeClass, c -> new EnumMap<>(Target.class))
          .put(
              target,
              new Latency(s.getPercentile(50), s.getPercentile(95), s.getPercentile(99), s.getN()));
    }
    return out;
  }
}
