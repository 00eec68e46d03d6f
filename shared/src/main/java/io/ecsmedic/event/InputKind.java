package io.ecsmedic.event;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The accepted inputs (docs/taxonomy.md, "Inputs"): five EventBridge detail-types and a pasted
 * message. aws ecs describe-tasks / describe-services output and bare task or deployment objects
 * are read as these (see {@link DocumentShapes}).
 */
public enum InputKind {
  // A task event is classified even without its identity (taskArn, lastStatus): the stop reason
  // and the containers decide, and the finding notes what was missing.
  TASK_STATE_CHANGE("ECS Task State Change", List.of()),
  DEPLOYMENT_STATE_CHANGE("ECS Deployment State Change", List.of("detail.eventName")),
  SERVICE_ACTION("ECS Service Action", List.of("detail.eventName")),
  API_CALL("AWS API Call via CloudTrail", List.of("detail.eventSource", "detail.eventName")),
  ALARM_STATE_CHANGE(
      "CloudWatch Alarm State Change", List.of("detail.alarmName", "detail.state.value")),
  MESSAGE("message", List.of("message"));

  private final String detailType;
  private final List<String> requiredFields;

  InputKind(String detailType, List<String> requiredFields) {
    this.detailType = detailType;
    this.requiredFields = requiredFields;
  }

  /** The EventBridge {@code detail-type} value, or {@code message} for a pasted text. */
  public String detailType() {
    return detailType;
  }

  /** Dotted paths that must hold a non-empty value for the input to be diagnosable. */
  public List<String> requiredFields() {
    return requiredFields;
  }

  public static Optional<InputKind> ofDetailType(String detailType) {
    return Arrays.stream(values())
        .filter(k -> k != MESSAGE && k.detailType.equals(detailType))
        .findFirst();
  }

  /** The detail-types ecs-medic accepts, for error messages. */
  public static List<String> eventDetailTypes() {
    return Arrays.stream(values()).filter(k -> k != MESSAGE).map(InputKind::detailType).toList();
  }
}
