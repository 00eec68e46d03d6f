package io.ecsmedic.plan;

/**
 * What a container's exit code says on its own, in the words an on-call engineer needs: codes above
 * 128 are 128 + the number of the signal that ended the process (Linux numbering), 126 and 127 are
 * the shell's "could not run the command", small codes are the application's own.
 */
public final class ExitCodes {
  private ExitCodes() {}

  /** One short phrase, e.g. {@code SIGSEGV: a segmentation fault in native code}. */
  public static String meaning(int code) {
    return switch (code) {
      case 0 -> "success: the process finished by itself";
      case 1 -> "a general application error";
      case 2 -> "an application error, often a misused command line or shell builtin";
      case 126 -> "the command was found but could not be executed (permissions or not a binary)";
      case 127 -> "the command was not found in the image";
      case 128 + 1 -> "SIGHUP: the controlling terminal or parent went away";
      case 128 + 2 -> "SIGINT: interrupted";
      case 128 + 3 -> "SIGQUIT: quit with a core dump";
      case 128 + 4 -> "SIGILL: an illegal CPU instruction (a binary built for another CPU)";
      case 128 + 5 -> "SIGTRAP: a debugger trap or breakpoint";
      case 128 + 6 -> "SIGABRT: the process aborted itself (a failed assertion or native abort)";
      case 128 + 7 -> "SIGBUS: a bad memory access (often a memory-mapped file or misaligned read)";
      case 128 + 8 -> "SIGFPE: an arithmetic error such as an integer division by zero";
      case 128 + 9 -> "SIGKILL: killed, by the kernel's OOM killer or after a stop timeout";
      case 128 + 11 -> "SIGSEGV: a segmentation fault in native code";
      case 128 + 13 -> "SIGPIPE: wrote to a pipe or socket whose reader had gone";
      case 128 + 14 -> "SIGALRM: a timer alarm the process did not handle";
      case 128 + 15 -> "SIGTERM: asked to stop, and stopped";
      default ->
          code > 128 && code < 128 + 65
              ? "ended by signal " + (code - 128)
              : code > 255 || code < 0
                  ? "outside the 0-255 range a process can return"
                  : "an application-defined error code";
    };
  }
}
