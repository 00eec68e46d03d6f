package io.ecsmedic.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsmedic.aws.AccountTargets.NoAccess;
import io.ecsmedic.aws.AccountTargets.Reachable;
import io.ecsmedic.aws.AccountTargets.Target;
import io.ecsmedic.config.AwsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.model.StsException;

class AccountTargetsTest {
  static final String OWN = "000000000000";
  static final String MEMBER = "111111111111";
  static final String DENYING = "222222222222";
  static final Optional<String> OWN_ACCOUNT = Optional.of(OWN);

  final AwsClientFactory own =
      new AwsClientFactory(
          new AwsSettings("eu-west-1", Optional.empty()),
          StaticCredentialsProvider.create(AwsBasicCredentials.create(OWN, "own-secret")),
          CallBudget.STANDARD);
  final MemberAccounts members =
      new MemberAccounts(
          Set.of(MEMBER, DENYING), Set.of("us-east-1"), "ecs-medic-checker", Optional.of("xid"));
  final List<String> assumed = new ArrayList<>();
  final AccountTargets targets =
      new AccountTargets(
          own,
          members,
          roleArn -> {
            assumed.add(roleArn);
            if (roleArn.contains(DENYING)) {
              return () -> {
                throw StsException.builder()
                    .statusCode(403)
                    .awsErrorDetails(
                        AwsErrorDetails.builder()
                            .errorCode("AccessDenied")
                            .errorMessage("secret detail")
                            .build())
                    .build();
              };
            }
            return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(MEMBER, "member-secret"));
          });

  @Test
  void theOwnAccountIsTheFunctionsOwnFactoryAndItsRegionIsSwappedForAnotherListedRegion() {
    Target home = targets.target(OWN_ACCOUNT, OWN, "eu-west-1");
    Target away = targets.target(OWN_ACCOUNT, OWN, "us-east-1");

    assertThat(home)
        .isInstanceOfSatisfying(Reachable.class, r -> assertThat(r.clients()).isSameAs(own));
    assertThat(away)
        .isInstanceOfSatisfying(
            Reachable.class,
            r -> {
              assertThat(r.clients().settings().region()).isEqualTo("us-east-1");
              assertThat(r.assumedRole()).isEmpty();
            });
    assertThat(targets.target(OWN_ACCOUNT, null, null))
        .isInstanceOfSatisfying(Reachable.class, r -> assertThat(r.clients()).isSameAs(own));
    assertThat(assumed).isEmpty();
  }

  @Test
  void aMemberAccountIsReachedThroughItsRoleOnceSessionPerAccountAcrossRegions() {
    Target first = targets.target(OWN_ACCOUNT, MEMBER, "eu-west-1");
    Target again = targets.target(OWN_ACCOUNT, MEMBER, "eu-west-1");
    Target otherRegion = targets.target(OWN_ACCOUNT, MEMBER, "us-east-1");

    assertThat(first)
        .isInstanceOfSatisfying(
            Reachable.class,
            r -> {
              assertThat(r.assumedRole())
                  .contains("arn:aws:iam::111111111111:role/ecs-medic-checker");
              assertThat(r.clients()).isNotSameAs(own);
              assertThat(r.clients().settings().region()).isEqualTo("eu-west-1");
            });
    assertThat(((Reachable) again).clients()).isSameAs(((Reachable) first).clients());
    assertThat(((Reachable) otherRegion).clients().settings().region()).isEqualTo("us-east-1");
    assertThat(assumed).containsExactly("arn:aws:iam::111111111111:role/ecs-medic-checker");
  }

  @Test
  void anAccountNotConfiguredARegionNotListedOrARoleRefusedIsNoAccessNeverTheOwnCredentials() {
    assertThat(targets.target(OWN_ACCOUNT, "333333333333", "eu-west-1"))
        .isEqualTo(new NoAccess("333333333333", "eu-west-1", "not a member account of this stack"));
    assertThat(targets.target(OWN_ACCOUNT, MEMBER, "ap-south-1"))
        .isInstanceOfSatisfying(
            NoAccess.class,
            n ->
                assertThat(n.note())
                    .isEqualTo(
                        "not checked: no access to account 111111111111 in ap-south-1 (region"
                            + " ap-south-1 is not one this stack acts in)"));
    assertThat(targets.target(OWN_ACCOUNT, DENYING, "eu-west-1"))
        .isInstanceOfSatisfying(
            NoAccess.class,
            n ->
                assertThat(n.reason())
                    .isEqualTo(
                        "role arn:aws:iam::222222222222:role/ecs-medic-checker not assumed:"
                            + " AccessDenied")
                    .doesNotContain("secret detail"));
    assertThat(targets.target(Optional.empty(), OWN, "eu-west-1"))
        .as("an unknown own account trusts no named account")
        .isInstanceOf(NoAccess.class);
  }

  @Test
  void ownOnlyReachesNothingButTheOwnAccount() {
    AccountTargets only = AccountTargets.ownOnly(own);

    assertThat(only.target(OWN_ACCOUNT, OWN, "eu-west-1")).isInstanceOf(Reachable.class);
    assertThat(only.target(OWN_ACCOUNT, MEMBER, "eu-west-1")).isInstanceOf(NoAccess.class);
  }

  @Test
  void membersAreReadFromTheEnvironmentAndRefuseAMalformedAccount() {
    MemberAccounts m =
        MemberAccounts.fromEnv(
            Map.of(
                "MEMBER_ACCOUNTS", " 111111111111, 222222222222 ",
                "MEMBER_REGIONS", "us-east-1",
                "MEMBER_CHECKER_ROLE", "ecs-medic-checker"),
            "MEMBER_CHECKER_ROLE");

    assertThat(m.accounts()).containsExactlyInAnyOrder(MEMBER, DENYING);
    assertThat(m.regions()).containsExactly("us-east-1");
    assertThat(m.externalId()).isEmpty();
    assertThat(m.roleArn(MEMBER, "cn-north-1"))
        .isEqualTo("arn:aws-cn:iam::111111111111:role/ecs-medic-checker");
    assertThat(MemberAccounts.fromEnv(Map.of(), "MEMBER_CHECKER_ROLE"))
        .isEqualTo(MemberAccounts.NONE);
    assertThatThrownBy(
            () -> MemberAccounts.fromEnv(Map.of("MEMBER_ACCOUNTS", "1234", "R", "r"), "R"))
        .hasMessageContaining("'1234' is not a 12-digit account");
    assertThatThrownBy(() -> MemberAccounts.fromEnv(Map.of("MEMBER_ACCOUNTS", MEMBER), "R"))
        .hasMessageContaining("no member role name");
  }
}
