package io.ecsmedic.posture;

import io.ecsmedic.model.Category;
import io.ecsmedic.model.Evidence;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ProposedAction;
import io.ecsmedic.model.ResourceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * A posture FAIL turned into a finding the remediation workflow can propose a fix for
 * (docs/posture.md, "From finding to fix"). The scan itself never changes anything: this is what
 * {@code ecs-medic scan --propose} hands to the workflow, which plans from the live service, asks a
 * human and applies under the same guardrails as for an incident.
 *
 * <p>Only a rule that FAILs now and names a typed action is proposed. Its finding gets the category
 * (and subcause) of the failure the rule prevents, so the workflow's IsActionable and Plan need no
 * posture-specific branch: a missing circuit breaker is how a deployment gets stuck ({@code
 * DEPLOYMENT_FAILED/STUCK}); a grace period of 0 and an ill-fitting deregistration delay are
 * load-balancer health-check failures ({@code ELB_HEALTH_CHECK/GRACE_PERIOD}, {@code
 * /DEREGISTRATION_DELAY}).
 */
public sealed interface PostureProposal {
  /**
   * The deregistration delay the workflow's Plan sets (its {@code TARGET_DEREGISTRATION_DELAY}, a
   * test keeps the two equal): a scan proposes SET_DEREGISTRATION_DELAY only where that fits.
   */
  int WORKFLOW_DEREGISTRATION_SECONDS = 30;

  /** The finding's {@code detailType}: what the workflow's records say the input was. */
  String DETAIL_TYPE = "Posture Scan Finding";

  /** Why nothing is proposed, for the person who asked. */
  record Refused(String reason) implements PostureProposal {}

  /**
   * What to start the workflow with.
   *
   * @param incidentId the execution's name too: the same for one (service, rule, day), so asking
   *     again that day cannot start a second workflow
   * @param eventId names the rule and the day in the audit records (no {@code #}: it is part of a
   *     sort key)
   */
  record Proposed(String incidentId, String eventId, Finding finding) implements PostureProposal {}

  /**
   * Decides whether {@code rule} can be proposed for the service the report judged.
   *
   * @param report a fresh scan of that one service
   * @param facts what that scan read (null when the service could not be read)
   * @param day the UTC day of the request (part of the incident id)
   */
  static PostureProposal of(
      ServiceReport report, PostureFacts facts, PostureRule rule, LocalDate day) {
    if (rule.action() == null) {
      return new Refused(
          rule.id() + " has no workflow action: its fix is a change people make (see its fix)");
    }
    String subcause = subcauseOf(rule);
    if (subcause == null) {
      return new Refused(rule.id() + ": " + rule.action() + " is not proposed from a scan");
    }
    RuleResult result =
        report.results().stream().filter(r -> r.rule().equals(rule.id())).findFirst().orElse(null);
    if (result == null || result.status() != RuleStatus.FAIL) {
      String status = result == null ? "not judged" : result.status().name();
      String evidence = result == null ? String.join("; ", report.notes()) : result.evidence();
      return new Refused(
          rule.id()
              + " is "
              + status
              + " on "
              + report.key()
              + " ("
              + evidence
              + "): only a FAIL is proposed");
    }
    String unfit = rule == PostureRules.DEREGISTRATION_DELAY ? delayUnfit(facts) : null;
    if (unfit != null) {
      return new Refused(
          rule.id() + " on " + report.key() + ": " + unfit + "; apply the rule's fix by hand");
    }
    String incidentId = incidentId(report.cluster(), report.service(), rule, day);
    Finding finding =
        new Finding(
            categoryOf(rule),
            subcause,
            rule.id(),
            report.key() + ": posture rule " + rule.id() + " fails: " + result.evidence(),
            List.of(new Evidence("posture." + rule.id(), result.evidence(), rule.title())),
            List.of(new ProposedAction(rule.action(), rule.action().title(), result.fix(), null)),
            rule.source(),
            ResourceRef.service(null, null, report.cluster(), report.service()),
            rule.id() + "@" + day,
            DETAIL_TYPE,
            null);
    return new Proposed(incidentId, finding.eventId(), finding);
  }

  /**
   * Why the workflow's SET_DEREGISTRATION_DELAY would not fix this service, or null when it would.
   * Plan lowers the first target group above {@link #WORKFLOW_DEREGISTRATION_SECONDS} to that
   * value: right for a delay left at 300 s, wrong where a request is known to take longer (it would
   * cut it) and useless where the delay is already below the longest request (that needs a raise).
   */
  private static String delayUnfit(PostureFacts facts) {
    if (facts == null || facts.targetGroups() == null) {
      return "the target groups could not be read";
    }
    boolean lowers = false;
    for (PostureFacts.TargetGroup tg : facts.targetGroups()) {
      Double longest = tg.longestResponseSeconds();
      if (longest != null && longest > WORKFLOW_DEREGISTRATION_SECONDS) {
        return "the workflow sets the delay to "
            + WORKFLOW_DEREGISTRATION_SECONDS
            + " s, below "
            + tg.name()
            + "'s longest request ("
            + longest
            + " s)";
      }
      Integer delay = tg.deregistrationDelaySeconds();
      lowers |= delay != null && delay > WORKFLOW_DEREGISTRATION_SECONDS;
    }
    return lowers
        ? null
        : "the fix raises the delay, and the workflow only lowers it to "
            + WORKFLOW_DEREGISTRATION_SECONDS
            + " s";
  }

  /**
   * The category of the failure the rule prevents (see the class comment), or null when the rule's
   * action is not proposed.
   */
  static Category categoryOf(PostureRule rule) {
    return switch (rule.action()) {
      case ENABLE_CIRCUIT_BREAKER_ROLLBACK -> Category.DEPLOYMENT_FAILED;
      case SET_HEALTH_CHECK_GRACE_PERIOD, SET_DEREGISTRATION_DELAY -> Category.ELB_HEALTH_CHECK;
      default -> null;
    };
  }

  /** The subcause of {@link #categoryOf}, or null when the rule's action is not proposed. */
  static String subcauseOf(PostureRule rule) {
    return switch (rule.action()) {
      case ENABLE_CIRCUIT_BREAKER_ROLLBACK -> "STUCK";
      case SET_HEALTH_CHECK_GRACE_PERIOD -> "GRACE_PERIOD";
      case SET_DEREGISTRATION_DELAY -> "DEREGISTRATION_DELAY";
      default -> null;
    };
  }

  /**
   * {@code posture-<8 hex of cluster/service/rule>-<yyyyMMdd>}: a valid execution name (letters,
   * digits, dashes; under 80 characters) whatever the names are.
   */
  static String incidentId(String cluster, String service, PostureRule rule, LocalDate day) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((cluster + "/" + service + "/" + rule.id()).getBytes(StandardCharsets.UTF_8));
      return "posture-"
          + HexFormat.of().formatHex(hash, 0, 4)
          + "-"
          + day.format(DateTimeFormatter.BASIC_ISO_DATE);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
