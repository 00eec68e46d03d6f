package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** events/ fixtures as JSON, and the manifest's expected outcome, for the local-stack tests. */
final class Fixtures {
  static final Path ROOT = io.ecsmedic.testing.Fixtures.repositoryRoot();

  /**
   * Template parameters for a stack that proposes fixes (Mode PROPOSE; the template's default is
   * OBSERVE) with no Slack app or e-mail links: approvers use the CLI, which is what satisfies the
   * template's rule ProposalsNeedAnApprover.
   */
  static final Map<String, String> PROPOSE_BY_CLI =
      Map.of("Mode", "PROPOSE", "CliApprovals", "Enabled");

  static JsonNode event(String fixture) {
    try {
      return Json.MAPPER.readTree(io.ecsmedic.testing.Fixtures.read(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "CATEGORY/SUBCAUSE" by fixture path, from the table in events/README.md. */
  static Map<String, String> expected() {
    return io.ecsmedic.testing.Fixtures.manifest().stream()
        .collect(
            Collectors.toMap(
                io.ecsmedic.testing.Fixtures.Row::fixture, r -> r.category() + "/" + r.subcause()));
  }

  private Fixtures() {}
}
