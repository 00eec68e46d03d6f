package io.ecsmedic.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.check.NetworkFacts.Egress;
import io.ecsmedic.check.NetworkFacts.Subnet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whether a task's subnets reach the endpoints it needs, through NAT, IGW or VPC endpoints. */
class NetworkCheckTest {
  private static final CheckStep CHECK = new CheckStep("pull.network", "the task reaches ECR");
  private static final List<String> ECR = List.of("ecr.api", "ecr.dkr");

  private static NetworkFacts facts(
      Egress egress,
      String target,
      Boolean publicIp,
      Map<String, Boolean> endpoints,
      Set<String> gw) {
    return new NetworkFacts(
        "eu-west-1",
        "vpc-1",
        List.of(new Subnet("subnet-a", "rtb-1", egress, target, gw)),
        publicIp,
        endpoints);
  }

  @Test
  void aNatRoutePasses() {
    CheckResult r =
        NetworkCheck.reach(CHECK, facts(Egress.NAT, "nat-1", false, Map.of(), Set.of()), ECR, true);

    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.evidence()).isEqualTo("subnet-a → nat-1");
  }

  @Test
  void aPublicSubnetNeedsAPublicIp() {
    CheckResult withIp =
        NetworkCheck.reach(
            CHECK, facts(Egress.INTERNET_GATEWAY, "igw-1", true, Map.of(), Set.of()), ECR, true);
    CheckResult withoutIp =
        NetworkCheck.reach(
            CHECK, facts(Egress.INTERNET_GATEWAY, "igw-1", false, Map.of(), Set.of()), ECR, true);
    CheckResult unknownIp =
        NetworkCheck.reach(
            CHECK, facts(Egress.INTERNET_GATEWAY, "igw-1", null, Map.of(), Set.of()), ECR, true);

    assertThat(withIp.status()).isEqualTo(Status.PASS);
    assertThat(withoutIp.status()).isEqualTo(Status.FAIL);
    assertThat(withoutIp.evidence())
        .startsWith("subnet-a is public (igw-1) but the task has no public IP");
    assertThat(unknownIp.status()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void anIsolatedSubnetNeedsEveryInterfaceEndpointAndTheS3Gateway() {
    CheckResult noS3 =
        NetworkCheck.reach(
            CHECK,
            facts(Egress.NONE, null, false, Map.of("ecr.api", true, "ecr.dkr", true), Set.of()),
            ECR,
            true);
    CheckResult complete =
        NetworkCheck.reach(
            CHECK,
            facts(Egress.NONE, null, false, Map.of("ecr.api", true, "ecr.dkr", true), Set.of("s3")),
            ECR,
            true);

    assertThat(noS3.status()).isEqualTo(Status.FAIL);
    assertThat(noS3.evidence())
        .isEqualTo("subnet-a has no NAT or internet route, and no endpoint for s3 (gateway)");
    assertThat(noS3.fix())
        .contains(
            "aws ec2 create-vpc-endpoint --vpc-id vpc-1 --vpc-endpoint-type Gateway --service-name com.amazonaws.eu-west-1.s3 --route-table-ids rtb-1")
        .doesNotContain("ecr.dkr");
    assertThat(complete.status()).isEqualTo(Status.PASS);
    assertThat(complete.evidence()).isEqualTo("subnet-a through VPC endpoints");
  }

  @Test
  void anEndpointWithoutPrivateDnsDoesNotCount() {
    CheckResult r =
        NetworkCheck.reach(
            CHECK,
            facts(
                Egress.NONE, null, false, Map.of("ecr.api", true, "ecr.dkr", false), Set.of("s3")),
            ECR,
            true);

    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.fix())
        .contains(
            "--vpc-endpoint-type Interface --service-name com.amazonaws.eu-west-1.ecr.dkr --subnet-ids subnet-a")
        .doesNotContain("ecr.api --");
  }

  @Test
  void unreadableSubnetsAreUnknown() {
    assertThat(NetworkCheck.reach(CHECK, null, ECR, true).status()).isEqualTo(Status.UNKNOWN);
    assertThat(
            NetworkCheck.reach(
                    CHECK, new NetworkFacts(null, null, List.of(), null, null), ECR, true)
                .status())
        .isEqualTo(Status.UNKNOWN);
  }
}
