package io.ecsmedic.local.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The actions the end-to-end suite saw each function call, on disk between the suite and {@link
 * IamReport}: one file per deployed stack in {@code local/target/iam-calls/}, lines {@code <logical
 * id> TAB <action>}. Logical ids (TriageFunction), not deployed names, so every stack of the suite
 * adds to the same function.
 */
public final class CallLog {
  private CallLog() {}

  /** The folder under the repository root; {@code make test} empties it before the suite. */
  public static Path folder(Path root) {
    return root.resolve("local/target/iam-calls");
  }

  /**
   * Writes the recorded calls of the functions of one stack ({@code logicalIdOf}: deployed name →
   * logical id); calls of other stacks' functions are left to their own sessions.
   */
  public static void write(Path root, String stackName, Map<String, String> logicalIdOf) {
    Set<String> lines = new TreeSet<>();
    for (ActionRecorder.Call c : ActionRecorder.calls()) {
      String logicalId = logicalIdOf.get(c.function());
      if (logicalId != null) {
        lines.add(logicalId + "\t" + c.action());
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(folder(root));
      Files.write(folder(root).resolve(stackName + "-" + System.nanoTime() + ".tsv"), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every logged call: logical id → actions, sorted. */
  public static Map<String, Set<String>> read(Path root) throws IOException {
    Map<String, Set<String>> calls = new TreeMap<>();
    if (!Files.isDirectory(folder(root))) {
      return calls;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(folder(root))) {
      s.filter(p -> p.toString().endsWith(".tsv")).forEach(files::add);
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split("\t");
        if (f.length == 2) {
          calls.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[1]);
        }
      }
    }
    return calls;
  }
}
