package io.ecsmedic.remediation;

import io.ecsmedic.aws.check.Checkers;
import io.ecsmedic.model.Category;
import io.ecsmedic.workflow.Enrichment;
import io.ecsmedic.workflow.WorkflowFinding;
import io.ecsmedic.workflow.WorkflowState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Enrich step: the live state of the finding's service ({@link Enricher}), then the finding's
 * deep checker (alb-check, exec-check or pull-check) into {@code enrichment.check}, so the proposal
 * shows the failing steps. The check is evidence, not a precondition: a checker that breaks leaves
 * a note and the workflow goes on.
 */
final class EnrichStep {
  private static final Logger LOG = LoggerFactory.getLogger(EnrichStep.class);

  private final Enricher enricher;
  private final Checkers checkers;

  EnrichStep(Enricher enricher, Checkers checkers) {
    this.enricher = enricher;
    this.checkers = checkers;
  }

  WorkflowState run(WorkflowState state) {
    WorkflowFinding finding = state.finding();
    Enrichment live = enricher.enrich(finding.cluster(), finding.service());
    return state.withEnrichment(deepCheck(finding, live));
  }

  private Enrichment deepCheck(WorkflowFinding finding, Enrichment live) {
    Category category;
    try {
      category = Category.valueOf(String.valueOf(finding.category()));
    } catch (IllegalArgumentException e) {
      return live;
    }
    if (!Checkers.covers(category)) {
      return live;
    }
    try {
      return checkers
          .forFinding(category, finding.resource(), null)
          .map(live::withCheck)
          .orElse(live);
    } catch (RuntimeException e) {
      LOG.warn("deep check for {} failed", category, e);
      return live.withNote("deep check: not available (" + e + ")");
    }
  }
}
