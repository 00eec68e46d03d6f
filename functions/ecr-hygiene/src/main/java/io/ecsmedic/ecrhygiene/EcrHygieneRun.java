package io.ecsmedic.ecrhygiene;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.aws.notify.AlertTopic;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled run: the dry run ({@link EcrHygiene#plan}), its report on the alert topic ({@code
 * kind} = ecr-hygiene) when something could go or an account could not be read (then nothing may
 * go), and, when deletes with approval are enabled, the cleanup workflow started for that plan. It
 * deletes nothing itself.
 */
final class EcrHygieneRun {
  private static final Logger LOG = LoggerFactory.getLogger(EcrHygieneRun.class);

  /**
   * What a run did.
   *
   * @param plan the dry run
   * @param cleanupRun the cleanup workflow's run id, when one was started
   */
  record Outcome(EcrHygiene.Plan plan, Optional<String> cleanupRun) {
    /** The function's result: the report, with {@code cleanupRun} when a workflow started. */
    ObjectNode result() {
      ObjectNode report = plan.report();
      cleanupRun.ifPresent(id -> report.put("cleanupRun", id));
      return report;
    }
  }

  private final EcrHygiene hygiene;
  private final AlertTopic topic;
  private final Optional<CleanupSteps> cleanup;

  /**
   * @param topic where the report goes; one without an ARN: nowhere
   * @param cleanup the workflow to start when something could go; empty: dry run only
   */
  EcrHygieneRun(EcrHygiene hygiene, AlertTopic topic, Optional<CleanupSteps> cleanup) {
    this.hygiene = hygiene;
    this.topic = topic;
    this.cleanup = cleanup;
  }

  Outcome run() {
    EcrHygiene.Plan plan = hygiene.plan();
    long deletions = plan.deletions();
    if (!plan.unreadable().isEmpty() && topic.configured()) {
      String subject =
          "[ecs-medic] ECR hygiene: nothing may go, "
              + plan.unreadable().size()
              + " account(s) could not be read";
      topic.publish(AlertTopic.Kind.ECR_HYGIENE, subject, plan.text(), plan.report().toString());
    } else if (deletions > 0 && topic.configured()) {
      String subject =
          "[ecs-medic] ECR hygiene: " + deletions + " unused images could go (dry run)";
      topic.publish(AlertTopic.Kind.ECR_HYGIENE, subject, plan.text(), plan.report().toString());
    }
    LOG.info(
        "ECR hygiene (dry run): {} images, {} could go, {} API calls",
        plan.report().path("images").asText(),
        deletions,
        plan.report().path("apiCalls").asInt());
    return new Outcome(
        plan,
        deletions > 0 ? cleanup.map(c -> c.start(plan.plans(), plan.text())) : Optional.empty());
  }
}
