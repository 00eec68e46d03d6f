package io.ecsmedic.aws.audit;

/** What an ECR cleanup approval shows: how many images the stored plan deletes, and its report. */
public record CleanupPlanSummary(long deletions, String text) {}
