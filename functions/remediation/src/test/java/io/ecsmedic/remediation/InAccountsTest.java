package io.ecsmedic.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.CallBudget;
import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.json.Json;
import io.ecsmedic.workflow.WorkflowJson;
import io.ecsmedic.workflow.WorkflowState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The workflow's service steps are built over the finding's own account and region, once per
 * target, and an account the stack cannot reach gets no steps at all (so no call anywhere).
 */
class InAccountsTest {
  static final Optional<String> OWN = Optional.of("123456789012");

  final AwsClientFactory own =
      new AwsClientFactory(
          new AwsSettings("us-east-1", Optional.empty()),
          StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")),
          CallBudget.STANDARD);
  final List<AwsClientFactory> built = new ArrayList<>();
  final InAccounts inAccounts =
      new InAccounts(
          AccountTargets.ownOnly(own),
          clients -> {
            built.add(clients);
            return new InAccounts.Steps(null, null, null, null);
          });

  static WorkflowState stateIn(String account) {
    ObjectNode json =
        Json.MAPPER.createObjectNode().put("incidentId", "i-1").put("mode", "PROPOSE");
    ObjectNode finding = json.putObject("finding").put("category", "OOM").put("summary", "oom");
    finding
        .putObject("resource")
        .put("account", account)
        .put("region", "us-east-1")
        .put("cluster", "prod")
        .put("service", "checkout");
    return WorkflowJson.state(json);
  }

  @Test
  void theOwnAccountsStepsAreBuiltOnceOverTheFunctionsClients() {
    InAccounts.Steps first = inAccounts.of(stateIn("123456789012"), OWN);
    InAccounts.Steps again = inAccounts.of(stateIn("123456789012"), OWN);

    assertThat(again).isSameAs(first);
    assertThat(built).containsExactly(own);
  }

  @Test
  void anAccountTheStackCannotReachGetsNoStepsAndSaysWhy() {
    assertThatThrownBy(() -> inAccounts.of(stateIn("999999999999"), OWN))
        .isInstanceOf(InAccounts.NoAccessToAccount.class)
        .hasMessage(
            "not checked: no access to account 999999999999 in us-east-1 (not a member account"
                + " of this stack)");
    assertThat(built).isEmpty();
  }
}
