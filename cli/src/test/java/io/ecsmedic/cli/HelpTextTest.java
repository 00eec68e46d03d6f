package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * picocli prints each description element on a line of its own and wraps it: an element that stops
 * mid-sentence shows as a broken line in {@code --help}. Every element is a whole paragraph.
 */
class HelpTextTest {
  @Test
  void everyDescriptionParagraphEndsASentence() {
    CommandLine cli = new CommandLine(new EcsMedic());

    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help")) {
                return; // picocli's own help command
              }
              assertThat(Arrays.asList(sub.getCommandSpec().usageMessage().description()))
                  .as(name)
                  .allSatisfy(p -> assertThat(p.strip()).as(name).endsWith("."));
            });
  }
}
