package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * One central stack and two member accounts on one emulator (docs/multi-account.md): each account
 * (the central one, member A, member B) has a service {@code prod/checkout}. The emulator takes a
 * 12-digit access key id as the account, so each account's resources are created with its own key,
 * and AssumeRole's credentials act in the role's account.
 *
 * <p>The emulator drops cross-account EventBridge delivery, so the events the member stack would
 * forward are handed to the deployed triage function as the central rule delivers them, with the
 * member account in {@code account} (the member rules' shape is MemberTemplateContractTest's).
 * Which account was called is read from each account's CloudTrail in the emulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiAccountIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String LINK_SECRET = "local-test-link-secret-0123456789abcdef";
  static final String CENTRAL = LocalAws.ACCOUNT;
  static final String MEMBER_A = "111111111111";
  static final String MEMBER_B = "222222222222";

  /** Runs ECS, forwards its events, but is not a member: no role, no access. */
  static final String OUTSIDER = "333333333333";

  static final String SECOND_REGION = "us-west-2";

  final List<JsonNode> inbox = new ArrayList<>();
  LocalStackSession stack;
  final Map<String, String> taskDefinitionBefore = new java.util.HashMap<>();

  @BeforeAll
  void deploy() throws Exception {
    stack =
        LocalStackSession.open(
            Fixtures.ROOT,
            "ecs-medic-e2e-multi-account",
            aws ->
                Map.of(
                    "Mode",
                    "PROPOSE",
                    "MemberAccounts",
                    MEMBER_A + "," + MEMBER_B,
                    "MemberRegions",
                    SECOND_REGION,
                    "RemediationClusters",
                    "prod",
                    "LinkApprovals",
                    "Enabled",
                    "VerifyIntervalSeconds",
                    "1",
                    "ApprovalLinkSecretArn",
                    aws.client(SecretsManagerClient.builder())
                        .createSecret(
                            r -> r.name("ecs-medic/approval-links").secretString(LINK_SECRET))
                        .arn()));
    for (String member : List.of(MEMBER_A, MEMBER_B)) {
      memberRoles(member);
    }
    for (String account : List.of(CENTRAL, MEMBER_A, MEMBER_B, OUTSIDER)) {
      taskDefinitionBefore.put(account, checkout(account, stack.aws.region()));
    }
    checkout(MEMBER_A, SECOND_REGION);
    // The central account's checkout has opted out: an event of A read with the central
    // account's clients would come out OPTED_OUT.
    tagCheckout(CENTRAL, stack.aws.region(), "off");
    // A's checkout in the second region only observes: read there, the mode is OBSERVE.
    tagCheckout(MEMBER_A, SECOND_REGION, "observe");
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  /** A client acting as {@code account} (its 12-digit access key) in {@code region}. */
  <C> C as(String account, String region, Class<C> type) {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "test"));
    var factory = stack.aws.clients().withCredentials(credentials).withRegion(region);
    Object client =
        type == EcsClient.class
            ? factory.build(EcsClient.builder())
            : type == IamClient.class
                ? factory.build(IamClient.builder())
                : factory.build(CloudTrailClient.builder());
    return type.cast(client);
  }

  /** The member stack's two roles, trusting the central account's functions. */
  void memberRoles(String member) {
    IamClient iam = as(member, stack.aws.region(), IamClient.class);
    String trust = MemberRoles.trusting(CENTRAL);
    for (String role : List.of("ecs-medic-checker", "ecs-medic-remediation")) {
      iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(trust));
    }
    MemberRoles.policies("CheckerRole", member)
        .forEach(
            (name, doc) ->
                iam.putRolePolicy(
                    r -> r.roleName("ecs-medic-checker").policyName(name).policyDocument(doc)));
    MemberRoles.policies("RemediationRole", member)
        .forEach(
            (name, doc) ->
                iam.putRolePolicy(
                    r -> r.roleName("ecs-medic-remediation").policyName(name).policyDocument(doc)));
    // ecs-medic-remediation-clusters is an !If over !Split / !Join, which this test does not
    // evaluate: written out here as those functions yield it for RemediationClusters=prod.
    iam.putRolePolicy(
        r ->
            r.roleName("ecs-medic-remediation")
                .policyName("ecs-medic-remediation-clusters")
                .policyDocument(
                    """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "ecs:UpdateService",
                       "Resource": ["arn:*:ecs:*:*:service/prod/*"]},
                      {"Effect": "Allow", "Action": "ecs:UpdateService",
                       "Resource": ["arn:*:ecs:*:*:cluster/prod"]}]}
                    """));
  }

  /** prod/checkout in the account and region (Fargate, 512 CPU, 1024 MiB); its revision. */
  String checkout(String account, String region) {
    EcsClient ecs = as(account, region, EcsClient.class);
    ecs.createCluster(r -> r.clusterName("prod"));
    return FargateServices.oneTask(ecs, "prod", "checkout").taskDefinition();
  }

  void tagCheckout(String account, String region, String mode) {
    EcsClient ecs = as(account, region, EcsClient.class);
    String arn =
        ecs.describeServices(r -> r.cluster("prod").services("checkout"))
            .services()
            .getFirst()
            .serviceArn();
    ecs.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("ecs-medic:mode").value(mode)));
  }

  String liveTaskDefinition(String account, String region) {
    return as(account, region, EcsClient.class)
        .describeServices(r -> r.cluster("prod").services("checkout"))
        .services()
        .getFirst()
        .taskDefinition();
  }

  /** An OOM of prod/checkout in the account and region, as the central rule delivers it. */
  static String oomIn(String account, String region, String id) {
    ObjectNode event = Fixtures.event("task-state-change/oom-container-limit.json").deepCopy();
    event.put("id", id);
    event.put("account", account);
    event.put("region", region);
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("group", "service:checkout");
    detail.put("clusterArn", "arn:aws:ecs:" + region + ":" + account + ":cluster/prod");
    return event.toString();
  }

  /** ECS and STS calls recorded in the account's CloudTrail (in the region) since {@code since}. */
  List<String> callsIn(String account, String region, Instant since) {
    List<String> out = new ArrayList<>();
    for (Event e :
        as(account, region, CloudTrailClient.class)
            .lookupEvents(r -> r.startTime(since).maxResults(50))
            .events()) {
      JsonNode detail = RemediationWorkflowIT.readTree(e.cloudTrailEvent());
      String source = detail.path("eventSource").asText();
      if (source.startsWith("ecs") || source.startsWith("sts") || e.eventName().contains("sts")) {
        out.add(e.eventName());
      }
    }
    return out;
  }

  /** Gives the emulator's CloudTrail a moment, so calls before now are not counted after it. */
  static Instant settled() throws InterruptedException {
    Thread.sleep(1100);
    Instant since = Instant.now();
    Thread.sleep(100);
    return since;
  }

  Optional<JsonNode> message(String kind, String incidentId) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode m : inbox) {
        // Triage's alerts carry their kind as an SNS attribute only; the workflow's say it.
        if (m.path("kind").asText("alert").equals(kind)
            && m.path("incidentId").asText().equals(incidentId)) {
          return Optional.of(m);
        }
      }
      inbox.addAll(stack.alerts(0, Duration.ofSeconds(1)));
    }
    return Optional.empty();
  }

  @Test
  void aFailureInMemberAIsCheckedInAProposedForAAndOnceApprovedChangesOnlyAsCheckout()
      throws Exception {
    Instant since = settled();

    JsonNode result =
        stack.invoke("TriageFunction", oomIn(MEMBER_A, stack.aws.region(), "e-member-a-1"));
    String incident = result.path("incidentId").asText();
    JsonNode alert = message("alert", incident).orElseThrow();

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("NOTIFIED");
    assertThat(result.path("mode").asText())
        .as("A's checkout has no mode tag; the central checkout's 'off' was not read")
        .isEqualTo("PROPOSE");
    assertThat(alert.toString()).contains(MEMBER_A);
    assertThat(alert.path("notes")).isEmpty();
    assertThat(callsIn(MEMBER_A, stack.aws.region(), since))
        .as("triage read A's service through A's checker role")
        .contains("ListTagsForResource");

    JsonNode proposal = message("proposal", incident).orElseThrow();
    assertThat(proposal.at("/action/type").asText()).isEqualTo("RAISE_MEMORY");
    Instant approvedAt = settled();
    JsonNode approved =
        stack.invokeFunctionUrl(
            "ApprovalFunction",
            "POST",
            "/approve",
            Map.of("content-type", "application/x-www-form-urlencoded"),
            URI.create(proposal.path("approveUrl").asText()).getRawQuery(),
            "192.0.2.10");
    var run =
        stack.awaitExecution(
            stack
                .sfn
                .listExecutions(
                    r -> r.stateMachineArn(stack.deployment.output("RemediationStateMachineArn")))
                .executions()
                .stream()
                .filter(e -> e.name().equals(incident))
                .findFirst()
                .orElseThrow()
                .executionArn(),
            WAIT);

    assertThat(approved.path("statusCode").asInt()).isEqualTo(200);
    assertThat(run.status()).as(run.output()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(liveTaskDefinition(MEMBER_A, stack.aws.region()))
        .as("A's checkout runs the bigger revision")
        .isNotEqualTo(taskDefinitionBefore.get(MEMBER_A))
        .contains(":" + MEMBER_A + ":");
    for (String untouched : List.of(CENTRAL, MEMBER_B)) {
      assertThat(liveTaskDefinition(untouched, stack.aws.region()))
          .as(untouched + "'s checkout is untouched")
          .isEqualTo(taskDefinitionBefore.get(untouched));
      assertThat(callsIn(untouched, stack.aws.region(), approvedAt))
          .as("no call into " + untouched)
          .doesNotContain("UpdateService", "RegisterTaskDefinition");
    }
    assertThat(callsIn(MEMBER_A, stack.aws.region(), approvedAt))
        .contains("RegisterTaskDefinition", "UpdateService");
  }

  @Test
  void anAccountWithNoRoleIsAlertedAsNotCheckedAndNoAccountIsCalled() throws Exception {
    Instant since = settled();

    JsonNode result =
        stack.invoke("TriageFunction", oomIn(OUTSIDER, stack.aws.region(), "e-outsider-1"));
    String incident = result.path("incidentId").asText();
    JsonNode alert = message("alert", incident).orElseThrow();

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("NOTIFIED");
    assertThat(result.path("mode").asText()).isEqualTo("OBSERVE");
    assertThat(alert.path("notes").get(0).asText())
        .isEqualTo(
            "not checked: no access to account "
                + OUTSIDER
                + " in "
                + stack.aws.region()
                + " (not a member account of this stack)");
    assertThat(stack.auditItems("CLUSTER#prod"))
        .filteredOn(i -> i.get("eventId").s().equals("e-outsider-1"))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.get("mode").s()).isEqualTo("OBSERVE");
              assertThat(i.get("detail").s()).contains("no access to account " + OUTSIDER);
            });
    assertThat(
            stack
                .sfn
                .listExecutions(
                    r -> r.stateMachineArn(stack.deployment.output("RemediationStateMachineArn")))
                .executions())
        .noneMatch(e -> e.name().equals(incident));
    Thread.sleep(1000);
    for (String account : List.of(OUTSIDER, CENTRAL, MEMBER_A, MEMBER_B)) {
      assertThat(callsIn(account, stack.aws.region(), since))
          .as("no ECS or STS call into " + account)
          .isEmpty();
    }
  }

  @Test
  void aSecondRegionOfMemberAIsReadWithAsRoleInThatRegion() throws Exception {
    Instant since = settled();

    JsonNode result =
        stack.invoke("TriageFunction", oomIn(MEMBER_A, SECOND_REGION, "e-member-a-west-1"));

    assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("NOTIFIED");
    assertThat(result.path("mode").asText())
        .as("the 'observe' tag of A's checkout in " + SECOND_REGION)
        .isEqualTo("OBSERVE");
    assertThat(result.path("modeReason").isMissingNode() || result.path("modeReason").isNull())
        .as("read, not refused: " + result)
        .isTrue();
    assertThat(callsIn(MEMBER_A, SECOND_REGION, since)).contains("ListTagsForResource");
  }

  /** The CLI runs a check in a member account as that account's checker role. */
  @Test
  void theCliAssumesTheRoleItIsGivenAndReadsThatAccountsService() throws Exception {
    String role = "arn:aws:iam::" + MEMBER_A + ":role/ecs-medic-checker";
    Instant since = settled();

    PackagedCli.Run asMember =
        PackagedCli.run(
            stack.aws,
            false,
            "pull-check",
            "--cluster",
            "prod",
            "--service",
            "checkout",
            "--role-arn",
            role,
            "-o",
            "json");
    Thread.sleep(1000);

    assertThat(asMember.json().at("/results/0/status").asText())
        .as(asMember.stderr())
        .isEqualTo("PASS");
    assertThat(callsIn(MEMBER_A, stack.aws.region(), since))
        .as("read in A, as A's checker role")
        .contains("DescribeServices");
    assertThat(callsIn(CENTRAL, stack.aws.region(), since))
        .as("the caller's own account only assumed the role")
        .doesNotContain("DescribeServices");
  }
}
