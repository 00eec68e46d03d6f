package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The negative control of the suite's IAM enforcement (docs/iam.md): a copy of template.yaml whose
 * triage role may not put items in the audit table is deployed, and triage, running with its own
 * role's keys, is refused its first write (the event claim) and parks the event with the
 * AccessDenied; the role's other grants still hold (the event reaches the dead-letter queue). With
 * the emulator's enforcement off, or the host passing root keys, the event would be claimed and
 * alerted, and this test fails.
 *
 * <p>Not the SNS publish: the alert topic's default access policy lets any principal of the account
 * publish, in AWS as in the emulator, so dropping triage's sns:Publish grant changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamEnforcementIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Triage's item writes, as template.yaml lists them; the copy drops PutItem. */
  private static final String TRIAGE_ITEM_CALLS =
      "Action: [dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:GetItem]";

  private static final String WITHOUT_PUT_ITEM = "Action: [dynamodb:UpdateItem, dynamodb:GetItem]";

  private static final Path COPY = Fixtures.ROOT.resolve("local/target/iam-negative-control");

  private LocalStackSession stack;

  @BeforeAll
  void deployWithoutTriagesPutItemGrant() throws Exception {
    stack = LocalStackSession.open(templateWithoutTriagePutItem(), "ecs-medic-e2e-iam-denied");
  }

  @AfterAll
  void tearDown() throws IOException {
    if (stack != null) {
      stack.close();
    }
    emptied(COPY); // no link back into the checkout stays behind for tools that walk the tree
  }

  @Test
  void triageWithoutItsPutItemGrantIsRefusedAndParksTheEvent() throws Exception {
    JsonNode event = Fixtures.event("task-state-change/oom-container-limit.json");

    JsonNode result = stack.invoke("TriageFunction", event.toString());
    List<JsonNode> parked = stack.deadLetters(1, WAIT);

    assertThat(result.path("status").asText()).as("result %s", result).isEqualTo("PARKED");
    assertThat(parked)
        .filteredOn(p -> p.path("eventId").asText().equals(event.path("id").asText()))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.path("reason").asText())
                    .containsIgnoringCase("not authorized to perform")
                    .containsIgnoringCase("dynamodb:PutItem")
                    .contains("assumed-role/"));
    assertThat(stack.auditItems("EVENT#")).as("no event claimed").isEmpty();
    assertThat(stack.alerts(0, Duration.ofSeconds(2))).as("no alert").isEmpty();
  }

  /**
   * A checkout-shaped folder in local/target: template.yaml without triage's PutItem grant,
   * everything else (function jars, state machines) linked from the repository. Made anew each run;
   * only the links themselves are ever deleted, never what they point to.
   */
  private static Path templateWithoutTriagePutItem() throws IOException {
    Path copy = emptied(COPY);
    String template = Files.readString(Fixtures.ROOT.resolve("template.yaml"));
    int triage = template.indexOf("\n  TriageFunction:\n");
    int grant = template.indexOf(TRIAGE_ITEM_CALLS, triage);
    assertThat(triage).as("TriageFunction in template.yaml").isPositive();
    assertThat(grant).as("triage's item writes in template.yaml").isPositive();
    assertThat(template.indexOf("Type: AWS::Serverless::Function", triage + 60))
        .as("the grant is in triage's own section")
        .isGreaterThan(grant);
    Files.writeString(
        copy.resolve("template.yaml"),
        template.substring(0, grant)
            + WITHOUT_PUT_ITEM
            + template.substring(grant + TRIAGE_ITEM_CALLS.length()));
    try (Stream<Path> entries = Files.list(Fixtures.ROOT)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals("template.yaml")) {
          Files.createSymbolicLink(copy.resolve(entry.getFileName()), entry);
        }
      }
    }
    return copy;
  }

  /**
   * The folder, created if need be, without its links and template (never what a link points to).
   */
  private static Path emptied(Path folder) throws IOException {
    Files.createDirectories(folder);
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path p : entries.toList()) {
        Files.delete(p); // Files.delete removes a link itself, never its target
      }
    }
    return folder;
  }
}
