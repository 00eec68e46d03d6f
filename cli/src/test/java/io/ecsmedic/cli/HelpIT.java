package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The top-level help reads whole: one complete sentence per command, none cut mid-line. */
class HelpIT {
  @Test
  void everyCommandIsSummedUpInOneCompleteSentence() throws Exception {
    CliProcess.Result r = CliProcess.run(new byte[0], "--help");

    assertThat(r.exit()).isZero();
    List<String> summaries = commandSummaries(r.stdout());
    assertThat(summaries)
        .hasSizeGreaterThanOrEqualTo(9)
        .allSatisfy(s -> assertThat(s).as("help line").endsWith("."));
  }

  /** "name summary" entries of the Commands: section, continuation lines joined. */
  private static List<String> commandSummaries(String help) {
    List<String> entries = new ArrayList<>();
    boolean inCommands = false;
    for (String line : help.split("\n")) {
      if (line.startsWith("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.startsWith("  ") && !line.startsWith("   ")) {
        entries.add(line.strip());
      } else if (inCommands && line.startsWith("   ") && !entries.isEmpty()) {
        entries.set(entries.size() - 1, entries.getLast() + " " + line.strip());
      }
    }
    return entries.stream().filter(e -> !e.startsWith("help ")).toList();
  }
}
