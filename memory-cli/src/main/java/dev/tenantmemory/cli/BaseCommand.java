package dev.tenantmemory.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every command shares: the connection flags, the environment and the output. */
abstract class BaseCommand implements Callable<Integer> {
  @ParentCommand MemoryCli parent;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  Settings settings() {
    return new Settings(parent.env(), spec, connection);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  static String shortHash(String userHash) {
    return userHash.substring(0, 12) + "...";
  }
}
