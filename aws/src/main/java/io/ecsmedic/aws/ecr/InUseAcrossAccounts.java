package io.ecsmedic.aws.ecr;

import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.ecr.InUse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The in-use graph across accounts: what the registry's own account runs in its own region, plus
 * what every member account (and the own account) runs in every region the stack acts in, read
 * through {@link AccountTargets} (a member account through its checker role). A member account's
 * service that pulls {@code <registry account>.dkr.ecr.<region>.amazonaws.com/...} keeps that
 * image, with the reason naming the account: "in use by 111111111111 service prod/checkout (desired
 * 1)".
 *
 * <p>An account or region that cannot be read (no role, a trust that refuses, AccessDenied,
 * throttling past the SDK's retries) is listed in {@link Collected#unreadable()}: what it runs is
 * unknown, so the caller must delete nothing. The registry's own account in its own region is read
 * with the function's own clients, as before; an error there fails the run.
 */
final class InUseAcrossAccounts {

  /**
   * @param used every reference into the registry, from every account read
   * @param unreadable one line per account and region that could not be read; empty: all were
   */
  record Collected(List<InUse> used, List<String> unreadable) {}

  private final AwsClientFactory own;
  private final String registryAccount;
  private final String registryRegion;
  private final AccountTargets targets;
  private final InUseCollector home;

  /** One collector per account and region, kept so each keeps its task definition cache warm. */
  private final Map<String, InUseCollector> others = new ConcurrentHashMap<>();

  final AtomicInteger calls = new AtomicInteger();

  InUseAcrossAccounts(AwsClientFactory own, String registryAccount, AccountTargets targets) {
    this.own = own;
    this.registryAccount = registryAccount;
    this.registryRegion = own.settings().region();
    this.targets = targets;
    this.home = new InUseCollector(own, registryAccount);
  }

  Collected collect() {
    List<InUse> used = new ArrayList<>(counted(home));
    List<String> unreadable = new ArrayList<>();
    Set<String> regions = new LinkedHashSet<>();
    regions.add(registryRegion);
    regions.addAll(targets.members().regions());
    Set<String> accounts = new LinkedHashSet<>();
    accounts.add(registryAccount);
    accounts.addAll(targets.members().accounts());
    for (String account : accounts) {
      for (String region : regions) {
        if (account.equals(registryAccount) && region.equals(registryRegion)) {
          continue;
        }
        switch (targets.target(Optional.of(registryAccount), account, region)) {
          case AccountTargets.NoAccess n ->
              unreadable.add("account " + account + " in " + region + ": " + n.reason());
          case AccountTargets.Reachable r -> {
            String whose =
                account + (region.equals(registryRegion) ? "" : " (" + region + ")") + " ";
            InUseCollector collector =
                others.computeIfAbsent(
                    account + "|" + region,
                    k -> new InUseCollector(r.clients(), registryAccount, registryRegion));
            try {
              for (InUse u : counted(collector)) {
                used.add(new InUse(u.ref(), whose + u.usedBy()));
              }
            } catch (SdkException e) {
              unreadable.add("account " + account + " in " + region + ": " + why(e));
            }
          }
        }
      }
    }
    return new Collected(used, List.copyOf(unreadable));
  }

  private List<InUse> counted(InUseCollector collector) {
    int before = collector.calls.get();
    try {
      return collector.collect();
    } finally {
      calls.addAndGet(collector.calls.get() - before);
    }
  }

  /** An AWS error code, or the exception's type: never a message that could quote a secret. */
  private static String why(SdkException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
