package io.ecsmedic.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One invocation of the remediation function, as {@link WorkflowJson#read} found it.
 *
 * @param taskToken RequestApproval's task token; null for the other steps
 * @param outcome Record's outcome; null for the other steps
 * @param rawState the state exactly as it came, so {@link WorkflowJson#write} can pass on what the
 *     typed state does not model
 */
public record StepRequest(
    Step step, WorkflowState state, String taskToken, Outcome outcome, ObjectNode rawState) {}
