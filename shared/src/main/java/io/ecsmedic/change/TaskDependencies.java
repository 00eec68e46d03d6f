package io.ecsmedic.change;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a failing task depends on, to decide which CloudTrail events before the failure matter: its
 * service, its task-definition family, the secrets and parameters it reads, its security groups and
 * route tables, and its ECR repositories.
 *
 * @param secrets environment name → {@code valueFrom} (a Secrets Manager or SSM ARN, or a parameter
 *     name)
 * @param securityGroups the service's awsvpc security groups
 * @param routeTables the route tables of the service's subnets
 * @param repositories ECR repository names of the task's images
 */
public record TaskDependencies(
    String cluster,
    String service,
    String family,
    Map<String, String> secrets,
    Set<String> securityGroups,
    Set<String> routeTables,
    Set<String> repositories) {

  /**
   * The calls that change what a task depends on, by the CloudTrail event source they come from.
   */
  public static final Map<String, Set<String>> CALLS =
      Map.of(
          "ecs.amazonaws.com", Set.of("UpdateService", "CreateService", "RegisterTaskDefinition"),
          "secretsmanager.amazonaws.com",
              Set.of("PutSecretValue", "UpdateSecret", "RotateSecret", "RestoreSecret"),
          "ssm.amazonaws.com", Set.of("PutParameter", "DeleteParameter"),
          "ec2.amazonaws.com",
              Set.of(
                  "AuthorizeSecurityGroupIngress",
                  "AuthorizeSecurityGroupEgress",
                  "RevokeSecurityGroupIngress",
                  "RevokeSecurityGroupEgress",
                  "ModifySecurityGroupRules",
                  "CreateRoute",
                  "ReplaceRoute",
                  "DeleteRoute"),
          "ecr.amazonaws.com", Set.of("BatchDeleteImage", "PutImage"));

  public TaskDependencies {
    secrets = Map.copyOf(secrets);
    securityGroups = Set.copyOf(securityGroups);
    routeTables = Set.copyOf(routeTables);
    repositories = Set.copyOf(repositories);
  }

  /** The event sources worth a LookupEvents call for this task: one call each. */
  public List<String> sources() {
    List<String> sources = new ArrayList<>(List.of("ecs.amazonaws.com"));
    if (secrets.values().stream().anyMatch(v -> v.contains(":secretsmanager:"))) {
      sources.add("secretsmanager.amazonaws.com");
    }
    if (secrets.values().stream().anyMatch(v -> !v.contains(":secretsmanager:"))) {
      sources.add("ssm.amazonaws.com");
    }
    if (!securityGroups.isEmpty() || !routeTables.isEmpty()) {
      sources.add("ec2.amazonaws.com");
    }
    if (!repositories.isEmpty()) {
      sources.add("ecr.amazonaws.com");
    }
    return sources;
  }

  /** The call as a change this task depends on, or empty when it touched something else. */
  public Optional<TrailEvent> matters(TrailCall call) {
    String why = why(call);
    if (why == null) {
      return Optional.empty();
    }
    return Optional.of(
        new TrailEvent(
            call.at(), call.name(), Revisions.principal(call.identityArn()), touched(call), why));
  }

  private String why(TrailCall c) {
    return switch (c.name()) {
      case "UpdateService", "CreateService" ->
          service.equals(last(c.parameter("service")))
                  || service.equals(last(c.parameter("serviceName")))
              ? "the service"
              : null;
      case "RegisterTaskDefinition" ->
          family.equals(c.parameter("family")) ? "task definition family " + family : null;
      case "PutSecretValue", "UpdateSecret", "RotateSecret", "RestoreSecret" ->
          secretNamed(c.parameter("secretId"), true);
      case "PutParameter", "DeleteParameter" -> secretNamed(c.parameter("name"), false);
      case "AuthorizeSecurityGroupIngress",
          "AuthorizeSecurityGroupEgress",
          "RevokeSecurityGroupIngress",
          "RevokeSecurityGroupEgress",
          "ModifySecurityGroupRules" ->
          securityGroups.contains(c.parameter("groupId")) ? "security group of the service" : null;
      case "CreateRoute", "ReplaceRoute", "DeleteRoute" ->
          routeTables.contains(c.parameter("routeTableId"))
              ? "route table of the service's subnets"
              : null;
      case "BatchDeleteImage", "PutImage" ->
          repositories.contains(c.parameter("repositoryName"))
              ? "image repository of the task"
              : null;
      default -> null;
    };
  }

  private String touched(TrailCall c) {
    for (String key :
        List.of(
            "secretId", "name", "groupId", "routeTableId", "repositoryName", "family", "service")) {
      String v = c.parameter(key);
      if (v != null) {
        return v;
      }
    }
    return "?";
  }

  /** "secret DB_PASSWORD of the task" when the id names one of the task's secrets or parameters. */
  private String secretNamed(String id, boolean secretsManager) {
    if (id == null) {
      return null;
    }
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      if (secretsManager ? sameSecret(id, s.getValue()) : sameParameter(id, s.getValue())) {
        return (secretsManager ? "secret " : "parameter ") + s.getKey() + " of the task";
      }
    }
    return null;
  }

  /**
   * A Secrets Manager {@code valueFrom} is the secret's ARN (with a random six-character suffix and
   * perhaps {@code :json-key:stage:version}); the call names it by ARN or by name.
   */
  static boolean sameSecret(String secretId, String valueFrom) {
    return secretName(secretId).equals(secretName(valueFrom));
  }

  private static String secretName(String idOrArn) {
    int at = idOrArn.indexOf(":secret:");
    if (at < 0) {
      return idOrArn;
    }
    String rest = idOrArn.substring(at + ":secret:".length());
    int colon = rest.indexOf(':');
    String name = colon < 0 ? rest : rest.substring(0, colon);
    // The ARN's suffix is "-" and six characters that AWS adds; a name alone has none.
    return name.matches(".*-[A-Za-z0-9]{6}") ? name.substring(0, name.length() - 7) : name;
  }

  /** An SSM {@code valueFrom} is a parameter ARN or its name; the call names it by name. */
  static boolean sameParameter(String name, String valueFrom) {
    int at = valueFrom.indexOf(":parameter");
    String fromArn = at < 0 ? valueFrom : valueFrom.substring(at + ":parameter".length());
    String n = name.startsWith("/") ? name : "/" + name;
    String v = fromArn.startsWith("/") ? fromArn : "/" + fromArn;
    return n.equals(v);
  }

  private static String last(String arnOrName) {
    if (arnOrName == null) {
      return null;
    }
    int slash = arnOrName.lastIndexOf('/');
    return slash < 0 ? arnOrName : arnOrName.substring(slash + 1);
  }
}
