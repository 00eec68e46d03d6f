package io.ecsmedic.model;

import java.util.List;
import java.util.Objects;

/**
 * The diagnosis of one input: what broke, why (the evidence), and what to do.
 *
 * @param category its category (docs/taxonomy.md)
 * @param subcause one of {@link Category#subcauses()}
 * @param signatureId the stable id of the signature that fired ({@code unknown} when none did)
 * @param summary one line for a human, with the names the input gave
 * @param evidence the facts that fired, never empty except for UNKNOWN
 * @param actions proposed fixes, most useful first
 * @param runbook link to the runbook section
 * @param resource what the input is about
 * @param eventId the EventBridge event id, or null for a pasted message
 * @param detailType the input's kind, e.g. {@code ECS Task State Change} or {@code message}
 * @param raw for UNKNOWN only: the input's text fields, so the catalogue can grow; else null
 * @param confidence how sure the finding is; LOW when no signature fired and words decided
 * @param alternatives at most two other readings, most likely first
 */
public record Finding(
    Category category,
    String subcause,
    String signatureId,
    String summary,
    List<Evidence> evidence,
    List<ProposedAction> actions,
    String runbook,
    ResourceRef resource,
    String eventId,
    String detailType,
    String raw,
    Confidence confidence,
    List<Alternative> alternatives) {

  /** The most alternatives a finding carries: more would be noise to the person reading it. */
  public static final int MAX_ALTERNATIVES = 2;

  /** A finding a signature decided: high confidence, no alternatives. */
  public Finding(
      Category category,
      String subcause,
      String signatureId,
      String summary,
      List<Evidence> evidence,
      List<ProposedAction> actions,
      String runbook,
      ResourceRef resource,
      String eventId,
      String detailType,
      String raw) {
    this(
        category,
        subcause,
        signatureId,
        summary,
        evidence,
        actions,
        runbook,
        resource,
        eventId,
        detailType,
        raw,
        Confidence.HIGH,
        List.of());
  }

  public Finding {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(subcause, "subcause");
    Objects.requireNonNull(signatureId, "signatureId");
    Objects.requireNonNull(summary, "summary");
    evidence = List.copyOf(evidence);
    actions = List.copyOf(actions);
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(confidence, "confidence");
    alternatives = List.copyOf(alternatives);
    if (alternatives.size() > MAX_ALTERNATIVES) {
      throw new IllegalArgumentException("at most " + MAX_ALTERNATIVES + " alternatives");
    }
    if (!category.allows(subcause)) {
      throw new IllegalArgumentException(category + " has no sub-cause " + subcause);
    }
  }

  /** The same finding about another resource. */
  public Finding withResource(ResourceRef other) {
    return new Finding(
        category,
        subcause,
        signatureId,
        summary,
        evidence,
        actions,
        runbook,
        other,
        eventId,
        detailType,
        raw,
        confidence,
        alternatives);
  }

  /** True when the words of the input, not a signature, decided: alerts say "likely". */
  public boolean isGuess() {
    return confidence == Confidence.LOW && category != Category.UNKNOWN;
  }

  /**
   * The noise-control key (docs/architecture.md): account + region + cluster + service + category +
   * sub-cause. An ALB alarm names a target group, not a service: the target group then takes the
   * service's place, so that 502s on two load balancers are two incidents. Missing parts are
   * written as "-" so that two pasted messages of the same kind still group.
   */
  public String fingerprint() {
    return String.join(
        "|",
        orDash(resource.account()),
        orDash(resource.region()),
        orDash(resource.cluster()),
        orDash(resource.service() != null ? resource.service() : resource.targetGroup()),
        category.name(),
        subcause);
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
