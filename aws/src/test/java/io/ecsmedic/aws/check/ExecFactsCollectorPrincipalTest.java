package io.ecsmedic.aws.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * CloudTrail names the caller of ExecuteCommand as a session; SimulatePrincipalPolicy takes only an
 * IAM user or role, so the doctor must turn one into the other (or admit it cannot).
 */
class ExecFactsCollectorPrincipalTest {
  @Test
  void anAssumedRoleSessionIsSimulatedAsItsRole() {
    assertThat(
            ExecFactsCollector.iamPrincipal(
                "arn:aws:sts::123456789012:assumed-role/Dev/alice@example.com"))
        .isEqualTo("arn:aws:iam::123456789012:role/Dev");
    assertThat(
            ExecFactsCollector.iamPrincipal(
                "arn:aws-us-gov:sts::123456789012:assumed-role/Ops/bob"))
        .isEqualTo("arn:aws-us-gov:iam::123456789012:role/Ops");
  }

  @Test
  void usersAndRolesAreSimulatedAsTheyAre() {
    assertThat(ExecFactsCollector.iamPrincipal("arn:aws:iam::123456789012:user/ci/deployer"))
        .isEqualTo("arn:aws:iam::123456789012:user/ci/deployer");
    assertThat(
            ExecFactsCollector.iamPrincipal("arn:aws:iam::123456789012:role/service-role/Runner"))
        .isEqualTo("arn:aws:iam::123456789012:role/service-role/Runner");
  }

  @Test
  void rootAndFederatedUsersCannotBeSimulated() {
    assertThat(ExecFactsCollector.iamPrincipal("arn:aws:iam::123456789012:root")).isNull();
    assertThat(ExecFactsCollector.iamPrincipal("arn:aws:sts::123456789012:federated-user/carol"))
        .isNull();
  }
}
