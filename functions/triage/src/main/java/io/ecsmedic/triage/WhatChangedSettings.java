package io.ecsmedic.triage;

import io.ecsmedic.config.Env;
import java.time.Duration;
import java.util.Map;

/**
 * How triage explains what changed before a failure, and folds a deployment's failures.
 *
 * @param enabled WHAT_CHANGED (on/off): collect the change report for a new incident's alert
 * @param budget WHAT_CHANGED_BUDGET_MS: the most the alert waits for it
 * @param lookback WHAT_CHANGED_LOOKBACK_MINUTES: how far before the failure CloudTrail is read
 * @param crashLoopThreshold CRASH_LOOP_THRESHOLD: failures in one deployment's incident, with the
 *     deployment still in progress, that escalate once
 */
record WhatChangedSettings(
    boolean enabled, Duration budget, Duration lookback, long crashLoopThreshold) {

  static WhatChangedSettings fromEnv(Map<String, String> env) {
    String on = env.getOrDefault("WHAT_CHANGED", "on");
    if (!on.equals("on") && !on.equals("off")) {
      throw new IllegalStateException("WHAT_CHANGED must be on or off, not " + on);
    }
    return new WhatChangedSettings(
        on.equals("on"),
        Duration.ofMillis(Env.number(env, "WHAT_CHANGED_BUDGET_MS", 3000, 100)),
        Duration.ofMinutes(Env.number(env, "WHAT_CHANGED_LOOKBACK_MINUTES", 60, 1)),
        Env.number(env, "CRASH_LOOP_THRESHOLD", 10, 2));
  }
}
