package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces one generated section of a Markdown file, between {@code <!-- bench:NAME:begin -->} and
 * {@code <!-- bench:NAME:end -->}, so that published numbers always come from a run. A missing
 * section is appended.
 */
final class DocsSection {
  private DocsSection() {}

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
