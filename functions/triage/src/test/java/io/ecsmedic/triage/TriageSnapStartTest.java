package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.testing.NoAws;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import io.ecsmedic.testing.Fixtures;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triage's SnapStart hooks: priming runs before the snapshot without any AWS call, and the handler
 * still triages after a restore.
 */
class TriageSnapStartTest {
  @Test
  void primingTheDeployedWiringMakesNoAwsCall() throws Exception {
    NoAws noAws = new NoAws("us-east-1");
    AwsClientFactory aws = noAws.factory();
    TriageHandler handler =
        new TriageHandler(
            Map.of(
                "AWS_REGION", "us-east-1",
                "ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:alerts",
                "DEAD_LETTER_QUEUE_URL", "http://127.0.0.1:9/123456789012/dlq",
                "AUDIT_TABLE_NAME", "audit",
                "STATE_MACHINE_ARN",
                    "arn:aws:states:us-east-1:123456789012:stateMachine:remediation",
                "EVIDENCE_BUCKET", "evidence",
                "SLACK_WEBHOOK_SECRET_ARN",
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook"),
            aws);

    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);

    assertThat(noAws.attempts()).as("SDK calls attempted while priming").isZero();
  }

  /** The bundled events are copies of events/ fixtures, kept identical so they cannot drift. */
  @Test
  void theBundledEventsAreTheFixturesOfTheSameName() throws Exception {
    for (String name : TriagePriming.EVENTS) {
      String file = name.substring(name.lastIndexOf('/') + 1);
      List<java.nio.file.Path> fixtures;
      try (var found = Files.find(Fixtures.root(), 2, (p, a) -> p.endsWith(file))) {
        fixtures = found.toList();
      }
      byte[] bundled;
      try (var in = getClass().getClassLoader().getResourceAsStream(name)) {
        bundled = in.readAllBytes();
      }
      assertThat(fixtures).as(file).singleElement();
      assertThat(bundled).as(name).isEqualTo(Files.readAllBytes(fixtures.getFirst()));
    }
  }

  /** Invoked through its alias, the function sees a qualified ARN; its account is still its own. */
  @Test
  void theAliasQualifiedArnStillNamesTheFunctionsAccount() {
    assertThat(
            OwnAccount.fromFunctionArn(
                "arn:aws:lambda:us-east-1:123456789012:function:ecs-medic-TriageFunction:live"))
        .contains("123456789012");
  }

  @Test
  void primingClassifiesAndRendersEveryBundledEvent() {
    List<Finding> findings = new TriagePriming(Classifier.bundled()).prime();

    assertThat(findings).hasSize(TriagePriming.EVENTS.size());
    assertThat(findings)
        .extracting(Finding::category)
        .as("each bundled event is one the catalogue recognises")
        .doesNotContain(Category.UNKNOWN)
        .contains(Category.OOM, Category.DEPLOYMENT_FAILED, Category.ECS_EXEC);
  }

  @Test
  void afterARestoreTheHandlerTriagesAsBefore() throws Exception {
    Ports ports = new Ports();
    TriageHandler handler = ports.handler();

    handler.snapStart().beforeCheckpoint(null);
    handler.snapStart().afterRestore(null);
    JsonNode result =
        TestTriage.invoke(
            handler,
            Files.readAllBytes(
                Fixtures.root().resolve("task-state-change/oom-container-limit.json")));

    assertThat(result.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(result.at("/finding/category").asText()).isEqualTo("OOM");
    assertThat(ports.sent).singleElement().satisfies(a -> assertThat(a.incidentId()).isNotBlank());
    assertThat(ports.audit.records).hasSize(1);
  }
}
