package dev.tenantmemory.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/** The entry point of the runnable jar: runs {@link MemoryCli} and exits with its code. */
public final class Main {
  private Main() {}

  /**
   * Runs the CLI with this process's environment and exits.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
    System.exit(MemoryCli.execute(System.getenv(), out, err, args));
  }
}
