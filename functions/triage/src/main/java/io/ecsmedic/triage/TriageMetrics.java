package io.ecsmedic.triage;

import io.ecsmedic.model.Category;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The triage function's CloudWatch metrics, written as Embedded Metric Format log lines by
 * Powertools: one small metric document per event, dimensioned by service and category, so a
 * dashboard can show events by category, notifications, suppressed repeats and unknowns without a
 * single PutMetricData call.
 *
 * <p>Each event's metrics are flushed in an isolated context ({@link Metrics#flushMetrics}), so
 * concurrent invocations in one JVM (the local Lambda host) never mix their dimensions.
 *
 * <p>The EMF environment is set explicitly (template.yaml: {@code AWS_EMF_ENVIRONMENT=Lambda}; the
 * local host: {@code Local}, which prints to stdout). Left to detect it, the EMF library probes the
 * EC2 instance-metadata address outside Lambda.
 */
final class TriageMetrics {
  static final String CATEGORY = "Category";

  /** Metric names: a contract with dashboards and alarms, like the category names. */
  static final String EVENTS = "Events";

  static final String NOTIFICATIONS = "Notifications";
  static final String LABELLED = "LabelledNotPaged";
  static final String SUPPRESSED = "SuppressedRepeats";
  static final String UNKNOWNS = "Unknowns";
  static final String PARKED = "ParkedEvents";
  static final String DUPLICATES = "DuplicateDeliveries";
  static final String OPTED_OUT = "OptedOut";
  static final String REMEDIATIONS = "RemediationsStarted";

  /** Records nothing: for handler tests that do not look at metrics. */
  static final TriageMetrics NONE = new TriageMetrics(null);

  private final Metrics metrics;

  private TriageMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Powertools metrics in the given namespace, with the service as the default dimension.
   *
   * @param emfEnvironment an EMF environment name (Lambda, Local, …); blank lets EMF detect it
   */
  static TriageMetrics emf(String namespace, String service, String emfEnvironment) {
    if (!emfEnvironment.isBlank()) {
      EnvironmentConfigurationProvider.getConfig()
          .setEnvironmentOverride(Environments.valueOf(emfEnvironment));
    }
    return new TriageMetrics(
        MetricsBuilder.builder().withNamespace(namespace).withService(service).build());
  }

  /** Records one event's outcome. */
  void record(TriageOutcome outcome) {
    if (metrics == null) {
      return;
    }
    Category category = outcome.category();
    metrics.flushMetrics(
        m -> {
          if (category != null) {
            m.addDimension(CATEGORY, category.name());
          }
          m.addMetric(EVENTS, 1, MetricUnit.COUNT);
          m.addMetric(
              switch (outcome.status()) {
                case NOTIFIED -> NOTIFICATIONS;
                case LABELLED -> LABELLED;
                case SUPPRESSED -> SUPPRESSED;
                case PARKED -> PARKED;
                case DUPLICATE -> DUPLICATES;
                case OPTED_OUT -> OPTED_OUT;
              },
              1,
              MetricUnit.COUNT);
          if (category == Category.UNKNOWN) {
            m.addMetric(UNKNOWNS, 1, MetricUnit.COUNT);
          }
          if (outcome.remediationStarted()) {
            m.addMetric(REMEDIATIONS, 1, MetricUnit.COUNT);
          }
        });
  }
}
