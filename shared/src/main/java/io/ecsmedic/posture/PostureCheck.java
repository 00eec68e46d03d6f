package io.ecsmedic.posture;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Judges one service against the whole catalogue, in catalogue order, then applies its mute tags.
 * Each rule's judgement is listed here once, next to its catalogue entry, so a rule without a
 * judgement fails {@code PostureCheckTest}.
 */
public final class PostureCheck {
  static final Map<PostureRule, Function<PostureFacts, RuleResult>> JUDGEMENTS =
      Map.ofEntries(
          Map.entry(PostureRules.CIRCUIT_BREAKER, ServiceRules::circuitBreaker),
          Map.entry(PostureRules.GRACE_PERIOD, ServiceRules::gracePeriod),
          Map.entry(PostureRules.DEREGISTRATION_DELAY, ServiceRules::deregistrationDelay),
          Map.entry(PostureRules.ZERO_DOWNTIME, ServiceRules::zeroDowntime),
          Map.entry(PostureRules.PLATFORM_VERSION, ServiceRules::platformVersion),
          Map.entry(PostureRules.LOG_MODE, TaskDefinitionRules::logMode),
          Map.entry(PostureRules.DEPENDS_ON_HEALTHY, TaskDefinitionRules::dependsOnHealthy),
          Map.entry(PostureRules.START_TIMEOUT, TaskDefinitionRules::startTimeout),
          Map.entry(PostureRules.SECRETS_IN_ENVIRONMENT, TaskDefinitionRules::secretsInEnvironment),
          Map.entry(PostureRules.ROLE_SEPARATION, TaskDefinitionRules::roleSeparation),
          Map.entry(PostureRules.ROLE_WILDCARDS, TaskDefinitionRules::roleWildcards),
          Map.entry(PostureRules.SPOT_BASE, ServiceRules::spotBase),
          Map.entry(PostureRules.STOP_TIMEOUT, TaskDefinitionRules::stopTimeout),
          Map.entry(PostureRules.EXEC_PREREQUISITES, ServiceRules::execPrerequisites),
          Map.entry(PostureRules.FARGATE_SIZE, TaskDefinitionRules::fargateSize),
          Map.entry(PostureRules.IMAGE_DIGEST, TaskDefinitionRules::imageDigest),
          Map.entry(
              PostureRules.CONTAINER_HEALTH_CHECK, TaskDefinitionRules::containerHealthCheck));

  private PostureCheck() {}

  /**
   * @param notes what could not be read for this service, from the collector
   */
  public static ServiceReport run(PostureFacts facts, List<String> notes) {
    List<RuleResult> results =
        PostureRules.ALL.stream()
            .map(rule -> Mutes.apply(JUDGEMENTS.get(rule).apply(facts), facts.tags()))
            .toList();
    return new ServiceReport(facts.cluster(), facts.service(), results, notes);
  }
}
