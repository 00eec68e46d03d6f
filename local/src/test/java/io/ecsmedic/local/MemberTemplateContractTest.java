package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The member stack (member/template.yaml) and the central stack (template.yaml) agree, checked
 * without AWS (the emulator drops cross-account EventBridge delivery, so the forwarding is checked
 * by shape): every member rule forwards exactly the events the central rule of the same name
 * matches (the same pattern, so the fixtures in events/ that TemplateContractTest matches against
 * the central rules match the member rules the same way) to the central account's default bus;
 * every cross-account trust has an organisation or external-id condition; the checker role reads at
 * least what the central checkers read, and exactly the reads of ECR hygiene's in-use graph; the
 * central functions may assume only the member roles. Intrinsics read as their values ({@code !Ref
 * X} reads "X").
 */
class MemberTemplateContractTest {
  private static final Path ROOT = io.ecsmedic.testing.Fixtures.repositoryRoot();
  private static final JsonNode CENTRAL = read("template.yaml");
  private static final JsonNode MEMBER = read("member/template.yaml");
  private static final String CENTRAL_BUS =
      "arn:${AWS::Partition}:events:${CentralRegion}:${CentralAccountId}:event-bus/default";

  private static JsonNode read(String path) {
    return Templates.read(ROOT.resolve(path));
  }

  private static List<Map.Entry<String, JsonNode>> memberResources(String type) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    MEMBER
        .path("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals(type)) {
                out.add(e);
              }
            });
    return out;
  }

  @Test
  void everyCentralRuleIsForwardedWithTheSamePatternToTheCentralBus() {
    JsonNode centralRules = CENTRAL.at("/Resources/TriageFunction/Properties/Events");
    Set<String> central = new TreeSet<>();
    centralRules.fieldNames().forEachRemaining(central::add);
    List<Map.Entry<String, JsonNode>> rules = memberResources("AWS::Events::Rule");

    assertThat(rules.stream().map(Map.Entry::getKey).sorted().toList())
        .as("one member rule per central rule")
        .containsExactlyElementsOf(central);
    for (Map.Entry<String, JsonNode> rule : rules) {
      JsonNode props = rule.getValue().path("Properties");
      assertThat(props.path("EventPattern"))
          .as(rule.getKey() + " pattern")
          .isEqualTo(centralRules.path(rule.getKey()).at("/Properties/Pattern"));
      assertThat(props.path("EventBusName").isMissingNode())
          .as(rule.getKey() + " listens on the member's default bus")
          .isTrue();
      JsonNode targets = props.path("Targets");
      assertThat(targets).as(rule.getKey() + " targets").hasSize(1);
      assertThat(targets.get(0).path("Arn").asText()).isEqualTo(CENTRAL_BUS);
      assertThat(targets.get(0).path("RoleArn").asText()).isEqualTo("ForwardingRole.Arn");
    }
    JsonNode forward = MEMBER.at("/Resources/ForwardingRole/Properties");
    assertThat(forward.at("/Policies/0/PolicyDocument/Statement/0/Action").asText())
        .isEqualTo("events:PutEvents");
    assertThat(forward.at("/Policies/0/PolicyDocument/Statement/0/Resource").asText())
        .isEqualTo(CENTRAL_BUS);
  }

  @Test
  void everyCrossAccountTrustNamesTheCentralRoleAndHasAnOrganisationOrExternalIdCondition() {
    List<Map.Entry<String, JsonNode>> roles = memberResources("AWS::IAM::Role");
    int crossAccount = 0;
    for (Map.Entry<String, JsonNode> role : roles) {
      JsonNode props = role.getValue().path("Properties");
      for (JsonNode statement : props.at("/AssumeRolePolicyDocument/Statement")) {
        JsonNode aws = statement.at("/Principal/AWS");
        if (aws.isMissingNode()) {
          assertThat(statement.at("/Principal/Service").asText())
              .as(role.getKey())
              .isEqualTo("events.amazonaws.com");
          continue;
        }
        crossAccount++;
        assertThat(aws.asText()).as(role.getKey()).startsWith("Central").endsWith("RoleArn");
        JsonNode equals = statement.at("/Condition/StringEquals");
        assertThat(equals.has("aws:PrincipalOrgID") || equals.has("sts:ExternalId"))
            .as(role.getKey() + " trust condition")
            .isTrue();
        assertThat(props.path("PermissionsBoundary").asText())
            .as(role.getKey() + " boundary")
            .isEqualTo("PermissionsBoundary");
      }
    }
    assertThat(crossAccount)
        .as("checker role (triage, ECR hygiene) and remediation role")
        .isEqualTo(3);
    assertThat(MEMBER.at("/Resources/RemediationRole/Condition").asText())
        .as("only if the account opts in")
        .isEqualTo("CreateRemediationRole");
  }

  @Test
  void theCheckerRoleReadsWhatTheCentralCheckersReadAndWritesNothing() {
    Set<String> central =
        actions(CENTRAL.at("/Resources/CheckerReadPolicy/Properties/PolicyDocument"));
    central.add("ecs:ListTagsForResource");
    Set<String> checker =
        actions(MEMBER.at("/Resources/CheckerRole/Properties/Policies/0/PolicyDocument"));

    assertThat(checker).isEqualTo(central);
    assertThat(checker)
        .allSatisfy(
            a ->
                assertThat(a)
                    .matches("[a-z0-9]+:(Describe|List|Get|BatchGet|SimulatePrincipalPolicy).*"));
  }

  @Test
  void theCheckerRoleReadsWhatEcrHygieneReadsToFindTheImagesAMemberRuns() {
    JsonNode hygiene = CENTRAL.at("/Resources/EcrHygieneFunction/Properties/Policies/1");
    Set<String> inUseReads = actions(hygiene);
    inUseReads.removeIf(a -> a.startsWith("ecr:")); // the registry is read in its own account only
    inUseReads.add("lambda:GetFunction"); // central: only for the listed image functions
    JsonNode policy = MEMBER.at("/Resources/CheckerRole/Properties/Policies/1");
    Set<String> checker = actions(policy.path("PolicyDocument"));

    assertThat(policy.path("PolicyName").asText()).isEqualTo("ecs-medic-checker-ecr-in-use");
    assertThat(checker).isEqualTo(inUseReads);
    assertThat(checker).allSatisfy(a -> assertThat(a).matches("[a-z]+:(Describe|List|Get).*"));
    Set<String> boundary =
        actions(MEMBER.at("/Resources/PermissionsBoundary/Properties/PolicyDocument"));
    assertThat(checker)
        .allSatisfy(
            a ->
                assertThat(
                        boundary.stream()
                            .anyMatch(
                                b ->
                                    b.equals(a)
                                        || b.endsWith("*")
                                            && a.startsWith(b.substring(0, b.length() - 1))))
                    .as(a + " within the permissions boundary")
                    .isTrue());
    JsonNode trust = MEMBER.at("/Resources/CheckerRole/Properties/AssumeRolePolicyDocument");
    assertThat(trust.findValuesAsText("AWS"))
        .containsExactly("CentralTriageRoleArn", "CentralEcrHygieneRoleArn");
  }

  private static Set<String> actions(JsonNode document) {
    Set<String> out = new TreeSet<>();
    for (JsonNode statement : document.path("Statement")) {
      JsonNode action = statement.path("Action");
      if (action.isArray()) {
        action.forEach(a -> out.add(a.asText()));
      } else {
        out.add(action.asText());
      }
    }
    return out;
  }

  @Test
  void theCentralFunctionsMayAssumeOnlyTheMemberRolesInTheListedAccounts() {
    Map<String, String> roleOf =
        Map.of(
            "TriageFunction", "MemberCheckerRoleName",
            "EcrHygieneFunction", "MemberCheckerRoleName",
            "RemediationFunction", "MemberRemediationRoleName");
    List<String> seen = new ArrayList<>();
    CENTRAL
        .path("Resources")
        .fields()
        .forEachRemaining(
            r ->
                r.getValue()
                    .findParents("Action")
                    .forEach(
                        statement -> {
                          if (!statement.path("Action").toString().contains("sts:AssumeRole")) {
                            return;
                          }
                          seen.add(r.getKey());
                          assertThat(statement.path("Resource").asText())
                              .as(r.getKey())
                              .isEqualTo(
                                  "arn:${AWS::Partition}:iam::*:role/${"
                                      + roleOf.get(r.getKey())
                                      + "}");
                          assertThat(
                                  statement
                                      .at("/Condition/StringEquals/aws:ResourceAccount")
                                      .asText())
                              .isEqualTo("MemberAccounts");
                        }));
    assertThat(seen)
        .containsExactlyInAnyOrder("TriageFunction", "EcrHygieneFunction", "RemediationFunction");
    assertThat(CENTRAL.at("/Resources/OrganizationEventBusPolicy/Properties/Statement/Condition"))
        .isEqualTo(
            new ObjectMapper()
                .createObjectNode()
                .set(
                    "StringEquals",
                    new ObjectMapper()
                        .createObjectNode()
                        .put("aws:PrincipalOrgID", "OrganizationId")));
  }
}
