package io.ecsmedic.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the code under test prints to standard output (JSON log lines, EMF documents) while a block
 * runs; standard output is restored afterwards. Shared by the functions' tests.
 */
public final class StandardOutput {
  private StandardOutput() {}

  /** A block that may throw, as test bodies do. */
  @FunctionalInterface
  public interface Block {
    void run() throws Exception;
  }

  /** Everything {@code block} printed to {@code System.out}, as UTF-8 text. */
  public static String captured(Block block) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      block.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
