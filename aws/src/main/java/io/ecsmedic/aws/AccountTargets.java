package io.ecsmedic.aws;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Where an event's account and region are reached from: the client factory for that (account,
 * region), or a typed "no access" that says why. Every read and write about an event goes through
 * the target of the event's own account and region, so a service named {@code checkout} in one
 * account is never checked or changed in another.
 *
 * <ul>
 *   <li>the stack's own account: the function's own factory (its region swapped when the event is
 *       from another listed region);
 *   <li>a member account ({@link MemberAccounts}): a factory whose credentials are the member
 *       role's, assumed with STS (with the external id when one is set). The credentials provider
 *       is kept per account across warm invocations; the SDK renews the session before it expires.
 *       The role is assumed once before the target is handed out, so a role that cannot be assumed
 *       is known at once;
 *   <li>anything else (an account that is not a member, a region not listed, a role that cannot be
 *       assumed): {@link NoAccess}. There is never a fallback to the function's own credentials.
 * </ul>
 *
 * <p>Safe for concurrent use.
 */
public final class AccountTargets {

  /** What an event's account and region resolve to. */
  public sealed interface Target permits Reachable, NoAccess {
    String account();

    String region();
  }

  /**
   * @param clients the factory for exactly this account and region
   * @param assumedRole the member role's ARN; empty for the stack's own account
   */
  public record Reachable(
      String account, String region, AwsClientFactory clients, Optional<String> assumedRole)
      implements Target {}

  /**
   * @param reason why, for the alert and the audit record (never a credential)
   */
  public record NoAccess(String account, String region, String reason) implements Target {
    /** The alert's and audit record's note: "not checked: no access to account X (reason)". */
    public String note() {
      return "not checked: no access to account " + account + " in " + region + " (" + reason + ")";
    }
  }

  private final AwsClientFactory own;
  private final MemberAccounts members;
  private final Function<String, AwsCredentialsProvider> roleSessions;
  private final Map<String, AwsCredentialsProvider> sessions = new ConcurrentHashMap<>();
  private final Map<String, AwsClientFactory> factories = new ConcurrentHashMap<>();

  /**
   * @param own the function's own factory: its account, its region
   * @param members the member accounts, regions and role
   * @param sessionName names the assumed-role sessions in the member's CloudTrail
   */
  public static AccountTargets of(
      AwsClientFactory own, MemberAccounts members, String sessionName) {
    return new AccountTargets(
        own,
        members,
        roleArn ->
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(own.client(StsClient.class, StsClient::builder))
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(
                    r -> {
                      r.roleArn(roleArn).roleSessionName(sessionName);
                      members.externalId().ifPresent(r::externalId);
                    })
                .build());
  }

  /**
   * @param roleSessions opens a session in a role ARN (STS in production; tests pass their own)
   */
  AccountTargets(
      AwsClientFactory own,
      MemberAccounts members,
      Function<String, AwsCredentialsProvider> roleSessions) {
    this.own = Objects.requireNonNull(own, "own");
    this.members = Objects.requireNonNull(members, "members");
    this.roleSessions = Objects.requireNonNull(roleSessions, "roleSessions");
  }

  /** The stack's own account and region only: every other account is {@link NoAccess}. */
  public static AccountTargets ownOnly(AwsClientFactory own) {
    return new AccountTargets(
        own,
        MemberAccounts.NONE,
        arn -> {
          throw new IllegalStateException("no member accounts");
        });
  }

  /**
   * The account of a Lambda function ARN ({@code arn:aws:lambda:region:ACCOUNT:function:name}), as
   * Lambda states it on every invocation: no API call, no permission, no parameter a copied stack
   * could get wrong. Empty when the ARN is missing or not a function's, so no event is trusted.
   */
  public static Optional<String> accountOfFunction(String functionArn) {
    if (functionArn == null) {
      return Optional.empty();
    }
    String[] parts = functionArn.split(":", -1);
    boolean lambdaArn = parts.length >= 7 && parts[0].equals("arn") && parts[2].equals("lambda");
    return lambdaArn && parts[4].matches("\\d{12}") ? Optional.of(parts[4]) : Optional.empty();
  }

  /** The member accounts this stack may act in. */
  public MemberAccounts members() {
    return members;
  }

  /**
   * @param ownAccount the stack's account (from the function's ARN); empty when unknown, which
   *     makes every named account foreign unless it is a member
   * @param account the event's account; null for an input that names none (a pasted message), which
   *     is taken as the stack's own
   * @param region the event's region; null: the stack's own
   */
  public Target target(Optional<String> ownAccount, String account, String region) {
    String where = region == null || region.isBlank() ? own.settings().region() : region;
    boolean isOwn = account == null || ownAccount.filter(account::equals).isPresent();
    String who = account == null ? ownAccount.orElse("this account") : account;
    if (!where.equals(own.settings().region()) && !members.regions().contains(where)) {
      return new NoAccess(who, where, "region " + where + " is not one this stack acts in");
    }
    if (isOwn) {
      AwsClientFactory f =
          where.equals(own.settings().region())
              ? own
              : factories.computeIfAbsent("own|" + where, k -> own.withRegion(where));
      return new Reachable(who, where, f, Optional.empty());
    }
    if (!members.accounts().contains(account)) {
      return new NoAccess(account, where, "not a member account of this stack");
    }
    String roleArn = members.roleArn(account, where);
    AwsCredentialsProvider session =
        sessions.computeIfAbsent(account, a -> roleSessions.apply(roleArn));
    try {
      session.resolveCredentials();
    } catch (RuntimeException e) {
      return new NoAccess(account, where, "role " + roleArn + " not assumed: " + why(e));
    }
    AwsClientFactory f =
        factories.computeIfAbsent(
            account + "|" + where, k -> own.withRegion(where).withCredentials(session));
    return new Reachable(account, where, f, Optional.of(roleArn));
  }

  /** An AWS error code, or the exception's type: never a message that could quote a secret. */
  private static String why(RuntimeException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
