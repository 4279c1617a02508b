package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Replaces one generated section of a Markdown file, between {@code <!-- bench:NAME:begin -->} and
 * {@code <!-- bench:NAME:end -->}, so that published numbers always come from a run. A missing
 * section is appended.
 */
final class DocsSection {
  private DocsSection() {}

  /**
   * The head of a run's section: its name and time, the command that produced it ({@code script}
   * and its arguments), and the machine.
   */
  static String heading(String name, String script, List<String> args, String machine) {
    StringBuilder sb = new StringBuilder("#### ");
    sb.append(name)
        .append(", ")
        .append(
            ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
        .append("\n\n");
    sb.append("Command: `").append(script);
    args.forEach(a -> sb.append(' ').append(a));
    sb.append("`\n\n").append(machine).append('\n');
    return sb.toString();
  }

  static String splice(String document, String name, String content) {
    String begin = "<!-- bench:" + name + ":begin -->";
    String end = "<!-- bench:" + name + ":end -->";
    String body = begin + "\n" + content.strip() + "\n" + end;
    int b = document.indexOf(begin);
    int e = document.indexOf(end);
    if (b < 0 || e < b) {
      String sep = document.isEmpty() || document.endsWith("\n") ? "" : "\n";
      return document + sep + "\n" + body + "\n";
    }
    return document.substring(0, b) + body + document.substring(e + end.length());
  }

  static void update(Path file, String name, String content) throws IOException {
    String doc = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    Files.writeString(file, splice(doc, name, content), StandardCharsets.UTF_8);
  }
}
