package io.ecsmedic.cli;

import java.io.PrintWriter;
import java.io.Writer;

/** Runs a command in-process with its output captured, for end-to-end tests in other modules. */
public final class EcsMedicTestAccess {
  private EcsMedicTestAccess() {}

  /** The same, with what a person would type on standard input (ecr-apply's confirmation). */
  public static int run(java.io.InputStream in, Writer out, String... args) {
    java.io.InputStream before = EcrApplyCommand.input;
    EcrApplyCommand.input = in;
    try {
      return run(out, args);
    } finally {
      EcrApplyCommand.input = before;
    }
  }

  public static int run(Writer out, String... args) {
    picocli.CommandLine cli = EcsMedic.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args);
  }
}
