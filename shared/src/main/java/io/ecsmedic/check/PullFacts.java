package io.ecsmedic.check;

import java.util.List;
import java.util.Map;

/**
 * What the image-pull path checklist looks at, for a task that must pull its image, fetch its
 * secrets and create its log stream before any container runs (IMAGE_PULL, SECRETS_INIT, LOG_INIT).
 * Gathered from ECS, ECR, IAM and EC2 by {@code PullFactsCollector} (or built by hand in tests).
 * Every field may be null: the step that needs it then says UNKNOWN, never PASS.
 *
 * <p>{@code images} is null exactly when the task definition could not be read; when it is not
 * null, a null {@code executionRoleArn} means the task definition sets none.
 *
 * @param region the task's region, for ARNs and endpoint names in fixes
 * @param subject what was checked and whether ECS still knows it
 * @param fargate true on Fargate, false on EC2 / external instances (their instance role can pull
 *     from ECR and write awslogs without an execution role), null when not known
 * @param cpuArchitecture the task definition's {@code runtimePlatform.cpuArchitecture} ({@code
 *     X86_64}, {@code ARM64}); null when it declares none (Fargate then runs X86_64)
 * @param operatingSystemFamily {@code runtimePlatform.operatingSystemFamily} ({@code LINUX}, {@code
 *     WINDOWS_SERVER_2022_CORE}, ...); null when it declares none (LINUX)
 * @param executionRoleArn the task definition's execution role
 * @param executionRoleExists whether IAM knows that role (GetRole)
 * @param executionRoleTrustsEcsTasks whether its trust policy names {@code ecs-tasks.amazonaws.com}
 * @param authTokenAllowed whether the role may {@code ecr:GetAuthorizationToken} on {@code *}
 * @param images one per container, in task-definition order
 * @param secrets every {@code secrets[].valueFrom} and {@code repositoryCredentials} reference
 * @param logs every container using the {@code awslogs} driver
 * @param network how the task's subnets reach AWS endpoints
 * @param egress443 for each task security group, where it lets tcp 443 out ({@code 0.0.0.0/0},
 *     {@code pl-…}, {@code sg-…}); an empty list when it does not
 */
public record PullFacts(
    String region,
    Subject subject,
    Boolean fargate,
    String cpuArchitecture,
    String operatingSystemFamily,
    String executionRoleArn,
    Boolean executionRoleExists,
    Boolean executionRoleTrustsEcsTasks,
    Boolean authTokenAllowed,
    List<Image> images,
    List<SecretRef> secrets,
    List<LogConfig> logs,
    NetworkFacts network,
    Map<String, List<String>> egress443) {

  /**
   * The task or service the check ran on.
   *
   * @param cluster the cluster name
   * @param kind {@code task} or {@code service}
   * @param name the task id/ARN or service name as given
   * @param found true when ECS returned it, false when it is missing (a stopped task expires after
   *     about an hour; a deleted service is INACTIVE), null when ECS could not be read
   * @param status what ECS says about it, e.g. {@code STOPPED: CannotPullContainerError: …} or
   *     {@code ACTIVE}; for a missing one, ECS's failure reason
   * @param taskDefinition the task definition it runs ({@code family:revision})
   */
  public record Subject(
      String cluster,
      String kind,
      String name,
      Boolean found,
      String status,
      String taskDefinition) {}

  /** What ECR says about a tag or digest. */
  public enum Existence {
    FOUND,
    TAG_MISSING,
    REPOSITORY_MISSING
  }

  /**
   * One container's image.
   *
   * @param uri the image as the task definition names it
   * @param repositoryArn the ECR repository's ARN; null when the image is not in ECR (Docker Hub,
   *     public.ecr.aws, another registry)
   * @param repository the ECR repository name, or the registry host for other images
   * @param tag the tag, null when pulled by digest only
   * @param digest the digest, null when pulled by tag only
   * @param exists what DescribeImages said; null when not asked (not ECR, or the call failed)
   * @param multiPlatform true for an image index (manifest list), false for a single-platform
   *     manifest (its platform lives in the config blob, not read), null when not read
   * @param platforms for an index, its platforms as {@code os/architecture} ({@code linux/amd64}),
   *     without attestation entries ({@code unknown/unknown})
   * @param deniedActions the pull actions the execution role may not perform on the repository
   *     (empty when all are allowed); null when not simulated
   */
  public record Image(
      String container,
      String uri,
      String repositoryArn,
      String repository,
      String tag,
      String digest,
      Existence exists,
      Boolean multiPlatform,
      List<String> platforms,
      List<String> deniedActions) {

    public boolean ecr() {
      return repositoryArn != null;
    }

    /** {@code repo:tag}, {@code repo@sha256:…} or the URI for other registries. */
    public String ref() {
      if (!ecr()) {
        return uri;
      }
      return digest != null ? repository + "@" + digest : repository + ":" + tag;
    }
  }

  /**
   * A secret the agent fetches with the execution role before the container starts.
   *
   * @param name the environment variable, or {@code repositoryCredentials}
   * @param valueFrom as the task definition writes it
   * @param resourceArn the secret or parameter ARN the permission is needed on
   * @param action {@code secretsmanager:GetSecretValue} or {@code ssm:GetParameters}
   * @param denied true when the execution role may not perform the action on it, false when it may,
   *     null when not simulated
   */
  public record SecretRef(
      String container,
      String name,
      String valueFrom,
      String resourceArn,
      String action,
      Boolean denied) {

    /** The VPC endpoint the agent uses to read it. */
    public String endpoint() {
      return action.startsWith("ssm:") ? "ssm" : "secretsmanager";
    }
  }

  /**
   * A container logging with the {@code awslogs} driver.
   *
   * @param group {@code awslogs-group}, null when the option is missing
   * @param region {@code awslogs-region}, null when the option is missing
   * @param createGroup {@code awslogs-create-group=true}: the role also needs logs:CreateLogGroup
   * @param deniedActions the log actions the execution role may not perform on the group; null when
   *     not simulated
   */
  public record LogConfig(
      String container,
      String group,
      String region,
      boolean createGroup,
      List<String> deniedActions) {

    public List<String> actions() {
      return createGroup
          ? List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup")
          : List.of("logs:CreateLogStream", "logs:PutLogEvents");
    }
  }
}
