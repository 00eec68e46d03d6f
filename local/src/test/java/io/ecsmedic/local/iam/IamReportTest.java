package io.ecsmedic.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsmedic.local.Templates;
import io.ecsmedic.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/iam.md's generator, on the real template.yaml and docs/iam.md, without the emulator. */
class IamReportTest {
  static final Path ROOT = Fixtures.repositoryRoot();

  /** The SAM policy templates template.yaml uses, as SAM's policy_templates.json defines them. */
  static final String SAM_TEMPLATES =
      """
      {"SNSPublishMessagePolicy": {"Definition": {"Statement": [
         {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": "x"}]}},
       "SQSSendMessagePolicy": {"Definition": {"Statement": [
         {"Effect": "Allow", "Action": ["sqs:SendMessage*"], "Resource": "x"}]}},
       "LambdaInvokePolicy": {"Definition": {"Statement": [
         {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": "x"}]}}}
      """;

  static Map<String, Set<String>> grants() throws Exception {
    JsonNode template = Templates.read(ROOT.resolve("template.yaml"));
    return new TemplateGrants(template, new ObjectMapper().readTree(SAM_TEMPLATES)).byFunction();
  }

  @Test
  void readsEveryKindOfGrantOfAFunction() throws Exception {
    Set<String> triage = grants().get("TriageFunction");

    assertThat(triage)
        .contains(
            "sns:Publish", // SAM policy template
            "sqs:SendMessage*",
            "dynamodb:PutItem", // inline statement
            "states:StartExecution",
            "secretsmanager:GetSecretValue", // inside an !If
            "ecs:DescribeServices"); // the CheckerReadPolicy it names with !Ref
  }

  @Test
  void listsEveryFunctionOfTheTemplate() throws Exception {
    assertThat(grants())
        .containsKeys(
            "TriageFunction",
            "DigestFunction",
            "RemediationFunction",
            "ApprovalFunction",
            "EcrHygieneFunction");
  }

  @Test
  void actionsMatchAsIamMatchesThem() {
    assertThat(IamReport.matches("sqs:SendMessage*", "sqs:SendMessage")).isTrue();
    assertThat(IamReport.matches("sqs:SendMessage*", "sqs:SendMessageBatch")).isTrue();
    assertThat(IamReport.matches("ecs:describeservices", "ecs:DescribeServices")).isTrue();
    assertThat(IamReport.matches("ecs:Describe?ervices", "ecs:DescribeServices")).isTrue();
    assertThat(IamReport.matches("ecs:DescribeServices", "ecs:DescribeTasks")).isFalse();
    assertThat(IamReport.matches("sns:Publish", "sns:PublishBatch")).isFalse();
  }

  @Test
  void aCallWithoutAGrantAndAnUnexplainedGrantAreWrong() {
    var rows =
        IamReport.rows(
            Map.of("F", Set.of("sns:Publish", "ecs:ListTasks", "ecr:DescribeImages")),
            Map.of("F", Set.of("sns:Publish", "sqs:SendMessage")),
            Map.of("* ecr:DescribeImages", "only a checker of a pull failure reads images"));

    assertThat(rows.get("F").get("called"))
        .containsExactlyInAnyOrder(
            new IamReport.Row("sns:Publish", true, true, null),
            new IamReport.Row("sqs:SendMessage", true, false, null));
    assertThat(rows.get("F").get("granted"))
        .containsExactlyInAnyOrder(
            new IamReport.Row("ecs:ListTasks", false, true, null),
            new IamReport.Row(
                "ecr:DescribeImages",
                false,
                true,
                "only a checker of a pull failure reads images"));
    assertThat(rows.get("F").values().stream().flatMap(List::stream).filter(IamReport.Row::wrong))
        .extracting(IamReport.Row::action)
        .containsExactlyInAnyOrder("sqs:SendMessage", "ecs:ListTasks");
  }

  @Test
  void readsTheReasonsTableAndRewritesOnlyTheGeneratedPart() {
    String doc =
        """
        # IAM
        intro
        %s
        old
        %s
        ## Grants the suite does not call

        | function | action | why |
        |---|---|---|
        | TriageFunction | `ecr:BatchGetImage` | a reason |
        | * | iam:GetRole | another |

        ## Next
        | X | a:B | not a reason row: other section |
        """
            .formatted(IamReport.BEGIN, IamReport.END);

    assertThat(IamReport.reasons(doc))
        .containsOnly(
            Map.entry("* iam:GetRole", "another"),
            Map.entry("TriageFunction ecr:BatchGetImage", "a reason"));
    String rewritten = IamReport.replaceGenerated(doc, "new\n");
    assertThat(rewritten).contains("intro", "new\n" + IamReport.END, "| * | iam:GetRole |");
    assertThat(rewritten).doesNotContain("old");
  }

  @Test
  void docsIamMdHasASectionForEveryFunction() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/iam.md"));

    assertThat(doc).contains(IamReport.BEGIN, IamReport.END);
    for (String function : grants().keySet()) {
      assertThat(doc).as("docs/iam.md: run make test").contains("\n### " + function + "\n");
    }
  }
}
