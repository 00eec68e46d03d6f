package io.ecsmedic.aws;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The accounts and regions an ecs-medic stack may act in besides its own account, and the role it
 * assumes there (docs/multi-account.md). Read from the environment template.yaml declares:
 *
 * <ul>
 *   <li>{@code MEMBER_ACCOUNTS}: comma-separated 12-digit account ids; empty: this account only;
 *   <li>{@code MEMBER_REGIONS}: comma-separated regions ecs-medic acts in, the stack's own region
 *       always included; empty: the stack's region only;
 *   <li>the role name variable the function passes ({@code MEMBER_CHECKER_ROLE} for triage, {@code
 *       MEMBER_REMEDIATION_ROLE} for the remediation workflow): the role every member account
 *       deploys with the member stack;
 *   <li>{@code MEMBER_EXTERNAL_ID}: the external id the member roles' trust policies demand; empty:
 *       none (the roles then trust on {@code aws:PrincipalOrgID}).
 * </ul>
 *
 * @param accounts the member accounts
 * @param regions the regions acted in, besides the stack's own
 * @param roleName the role assumed in a member account
 * @param externalId sent with every AssumeRole; empty: none
 */
public record MemberAccounts(
    Set<String> accounts, Set<String> regions, String roleName, Optional<String> externalId) {

  /** No member account: the stack acts in its own account and region only. */
  public static final MemberAccounts NONE =
      new MemberAccounts(Set.of(), Set.of(), "", Optional.empty());

  public MemberAccounts {
    accounts = Set.copyOf(accounts);
    regions = Set.copyOf(regions);
    for (String a : accounts) {
      if (!a.matches("\\d{12}")) {
        throw new IllegalStateException("MEMBER_ACCOUNTS: '" + a + "' is not a 12-digit account");
      }
    }
    if (!accounts.isEmpty() && roleName.isBlank()) {
      throw new IllegalStateException("member accounts are set but no member role name");
    }
  }

  /**
   * @param roleVariable the environment variable naming the role this function assumes
   */
  public static MemberAccounts fromEnv(Map<String, String> env, String roleVariable) {
    String externalId = env.getOrDefault("MEMBER_EXTERNAL_ID", "").trim();
    return new MemberAccounts(
        list(env.getOrDefault("MEMBER_ACCOUNTS", "")),
        list(env.getOrDefault("MEMBER_REGIONS", "")),
        env.getOrDefault(roleVariable, "").trim(),
        externalId.isEmpty() ? Optional.empty() : Optional.of(externalId));
  }

  private static Set<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The role's ARN in {@code account}, in the partition of {@code region}. */
  public String roleArn(String account, String region) {
    String partition =
        region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return "arn:" + partition + ":iam::" + account + ":role/" + roleName;
  }
}
