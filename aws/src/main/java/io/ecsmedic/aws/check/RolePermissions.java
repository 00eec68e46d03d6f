package io.ecsmedic.aws.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

/**
 * May a role perform these actions on this resource? Asks IAM's policy simulator
 * (SimulatePrincipalPolicy, read-only), which weighs the role's inline and managed policies and its
 * permissions boundary, but not resource policies (a secret's, a repository's, a KMS key's) or
 * SCPs: an "allowed" here is necessary, not sufficient. Shared by the image-pull path check and the
 * ECS Exec doctor.
 */
public final class RolePermissions {
  private final IamClient iam;
  private final Gather gather;
  private final Map<List<Object>, List<String>> asked = new HashMap<>();

  public RolePermissions(IamClient iam, Gather gather) {
    this.iam = iam;
    this.gather = gather;
  }

  /**
   * @param resource one ARN, or {@code *} for actions that take none
   * @return the actions the role may not perform (implicitly or explicitly denied), in the order
   *     asked; empty when all are allowed; null when the simulation could not run (the note says
   *     why)
   */
  public List<String> allowed(String roleArn, List<String> actions, String resource) {
    // Containers share repositories, secrets and log groups: ask IAM once per question.
    List<Object> question = List.of(roleArn, List.copyOf(actions), resource);
    if (asked.containsKey(question)) {
      return asked.get(question);
    }
    List<String> denied = simulate(roleArn, actions, resource);
    asked.put(question, denied);
    return denied;
  }

  private List<String> simulate(String roleArn, List<String> actions, String resource) {
    List<EvaluationResult> results =
        gather.optional(
            "simulate " + String.join(",", actions) + " for " + roleArn + " on " + resource,
            () ->
                iam
                    .simulatePrincipalPolicyPaginator(
                        r -> r.policySourceArn(roleArn).actionNames(actions).resourceArns(resource))
                    .evaluationResults()
                    .stream()
                    .toList());
    if (results == null) {
      return null;
    }
    List<String> denied = new ArrayList<>();
    for (String action : actions) {
      boolean allowed =
          results.stream()
              .anyMatch(
                  r ->
                      action.equalsIgnoreCase(r.evalActionName())
                          && r.evalDecision() == PolicyEvaluationDecisionType.ALLOWED);
      if (!allowed) {
        denied.add(action);
      }
    }
    return denied;
  }
}
