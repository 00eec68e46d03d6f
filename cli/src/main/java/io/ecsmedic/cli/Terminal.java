package io.ecsmedic.cli;

import java.io.Console;

/** Whether standard output is a terminal, so colour codes never end up in files or pipes. */
final class Terminal {
  private Terminal() {}

  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // Java 22+ returns a Console even when redirected and adds isTerminal(); we target 21.
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
