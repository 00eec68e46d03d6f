package io.ecsmedic.triage;

import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.check.Checkers;
import io.ecsmedic.model.ResourceRef;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * How triage reaches an event's own account and region: the mode-tag reader and the deep check that
 * read there, or why it cannot ({@link Unreachable}). An unreachable event is alerted with the
 * reason, in OBSERVE, and nothing is read, checked or remediated in any account for it.
 */
interface AccountReach {

  /** What triage may do in the event's account and region. */
  sealed interface Reach permits Reached, Unreachable {}

  /**
   * @param tags reads the mode tag in the event's account; empty: the resolver's own reader
   * @param home the event is of the stack's own account and region, where triage's own clients read
   *     (what changed, a deployment's outcome)
   * @param check the deep check, run in the event's account and region
   */
  record Reached(Optional<ModeResolver.ServiceTags> tags, DeepCheck check, boolean home)
      implements Reach {}

  /**
   * @param note for the alert and the audit record: "not checked: no access to account X (why)"
   */
  record Unreachable(String note) implements Reach {}

  /**
   * Which account and region an event is about, and the stack's own account.
   *
   * @param account the event's account; null when it names none (a pasted message)
   * @param region the event's region; null when it names none
   * @param ownAccount the stack's account, from the function's ARN; empty when unknown
   */
  record Where(String account, String region, Optional<String> ownAccount) {
    static Where of(ResourceRef resource, Optional<String> ownAccount) {
      return new Where(resource.account(), resource.region(), ownAccount);
    }
  }

  Reach of(Where where);

  /** This stack's account only, with the given check: every other account is unreachable. */
  static AccountReach ownAccountOnly(DeepCheck check) {
    return where -> {
      String account = where.account();
      Optional<String> ownAccount = where.ownAccount();
      if (account == null || ownAccount.filter(account::equals).isPresent()) {
        return new Reached(Optional.empty(), check, true);
      }
      return new Unreachable(
          "not checked: no access to account "
              + account
              + " (not a member account of this stack"
              + ownAccount.map(a -> ", " + a).orElse(", whose account is unknown")
              + ")");
    };
  }

  /**
   * Through {@link AccountTargets}: the own account with the function's clients, a member account
   * through its checker role.
   *
   * @param deepChecks whether a new incident's deep checker runs at all
   * @param homeRegion the stack's own region
   */
  static AccountReach through(
      AccountTargets targets, boolean deepChecks, String homeRegion, Clock clock) {
    return where ->
        switch (targets.target(where.ownAccount(), where.account(), where.region())) {
          case AccountTargets.NoAccess n -> new Unreachable(n.note());
          case AccountTargets.Reachable r ->
              new Reached(
                  Optional.of(
                      new EcsServiceTags(r.clients().client(EcsClient.class, EcsClient::builder))),
                  deepChecks
                      ? DeepCheck.with(
                          new Checkers(CheckClients.of(r.clients()), r.region(), clock))
                      : DeepCheck.NONE,
                  r.assumedRole().isEmpty() && homeRegion.equals(r.region()));
        };
  }
}
