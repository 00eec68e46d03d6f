package io.ecsmedic.cli;

import java.io.PrintWriter;
import java.io.Writer;

/** Runs a command in-process with its output captured, for end-to-end tests in other modules. */
public final class EcsMedicTestAccess {
  private EcsMedicTestAccess() {}

  public static int run(Writer out, String... args) {
    picocli.CommandLine cli = EcsMedic.commandLine();
    cli.setOut(new PrintWriter(out, true));
    return cli.execute(args);
  }
}
