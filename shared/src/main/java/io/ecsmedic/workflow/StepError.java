package io.ecsmedic.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a Catch put in {@code error}: Step Functions' error name and cause (for a rejection, the
 * approval function's reason).
 */
public record StepError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}
