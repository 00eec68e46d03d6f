package io.ecsmedic.check;

import java.util.List;
import java.util.Map;

/**
 * What the ECS Exec doctor looks at for one task, gathered from ECS, IAM and EC2 by {@code
 * ExecFactsCollector} (or built by hand in tests). Every field may be null: the step that needs it
 * then says UNKNOWN. Where "absent" differs from "not read" (no task role vs. an unreadable task
 * definition) the nested record says which.
 *
 * @param cluster the cluster as the caller named it, for the fixes
 * @param taskId the task's id (the last part of its ARN), for the fixes
 * @param taskFound FALSE when DescribeTasks (or the cluster) says the task does not exist
 * @param task what DescribeTasks says about the task
 * @param service the service that started the task ({@link Service#STANDALONE} for a standalone
 *     task); null when the task was not read
 * @param taskDefinition {@code family:revision}, for the fixes
 * @param agentVersion the ECS agent version on the task's container instance (EC2 and EXTERNAL)
 * @param clusterExec the cluster's {@code executeCommandConfiguration}
 * @param taskRole what the task role may do (the role the exec agent uses)
 * @param executionRole what the execution role may do (read only to say "the wrong role has it")
 * @param caller what the principal that called ExecuteCommand may do; null when not given
 * @param networkMode the task definition's network mode ({@code awsvpc}, {@code bridge}, ...)
 * @param network how the task's subnets reach {@code ssmmessages}
 * @param pidMode the task definition's {@code pidMode} ({@code task}, {@code host}); "" when unset
 * @param containers the task definition's containers, as exec cares about them
 */
public record ExecFacts(
    String cluster,
    String taskId,
    Boolean taskFound,
    Task task,
    Service service,
    String taskDefinition,
    String agentVersion,
    ClusterExec clusterExec,
    RoleAccess taskRole,
    RoleAccess executionRole,
    Caller caller,
    String networkMode,
    NetworkFacts network,
    String pidMode,
    List<Container> containers) {

  /** The ssmmessages actions the exec agent calls with the task role's credentials. */
  public static final List<String> SSM_ACTIONS =
      List.of(
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel");

  /**
   * The task as DescribeTasks reports it.
   *
   * @param arn the task ARN (for the caller's simulation and the fixes)
   * @param lastStatus RUNNING, PENDING, STOPPED, ...
   * @param launchType FARGATE, EC2 or EXTERNAL
   * @param platformVersion the Fargate platform version the task runs on, e.g. {@code 1.4.0}
   * @param platformFamily {@code Linux} or a Windows family (Fargate)
   * @param execEnabled the task's {@code enableExecuteCommand}: fixed when the task starts
   * @param containerInstanceArn the instance it runs on (EC2 and EXTERNAL)
   * @param agents one per container; null when the containers could not be read
   */
  public record Task(
      String arn,
      String lastStatus,
      String launchType,
      String platformVersion,
      String platformFamily,
      Boolean execEnabled,
      String containerInstanceArn,
      List<Agent> agents) {}

  /**
   * The {@code ExecuteCommandAgent} managed agent of one container.
   *
   * @param status its lastStatus (RUNNING, PENDING, STOPPED); null when the container reports no
   *     such agent
   * @param reason why it is not running, when ECS says
   */
  public record Agent(String container, String status, String reason) {}

  /**
   * @param name the service's name; null for a standalone task
   * @param execEnabled the service's {@code enableExecuteCommand} now; null when unread
   */
  public record Service(String name, Boolean execEnabled) {
    /** A task started by RunTask (or a scheduler), not by a service. */
    public static final Service STANDALONE = new Service(null, null);

    public boolean standalone() {
      return name == null;
    }
  }

  /**
   * The cluster's {@code executeCommandConfiguration}; all null when none is set.
   *
   * @param kmsKeyId the key that encrypts exec sessions: the task role needs kms:Decrypt on it
   * @param logging NONE, DEFAULT (or null, which means DEFAULT) or OVERRIDE
   * @param logGroup with OVERRIDE, the CloudWatch log group sessions are written to
   * @param s3Bucket with OVERRIDE, the bucket sessions are written to
   * @param s3Prefix the key prefix in that bucket
   */
  public record ClusterExec(
      String kmsKeyId, String logging, String logGroup, String s3Bucket, String s3Prefix) {
    public static final ClusterExec NONE = new ClusterExec(null, null, null, null, null);

    /** Whether session logs leave through the task role (OVERRIDE with a destination). */
    public boolean overridesLogging() {
      return "OVERRIDE".equalsIgnoreCase(logging) && (logGroup != null || s3Bucket != null);
    }
  }

  /**
   * A role and what an IAM simulation said it may do.
   *
   * @param arn the role's ARN; null when the task definition names none
   * @param exists FALSE when IAM says the role does not exist
   * @param decisions action → {@code allowed}, {@code implicitDeny} or {@code explicitDeny}; null
   *     when the simulation could not be run
   */
  public record RoleAccess(String arn, Boolean exists, Map<String, String> decisions) {
    /** The role's name, the last part of its ARN. */
    public String name() {
      return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The actions in {@code actions} not allowed; null when the decisions were not read. */
    public List<String> denied(List<String> actions) {
      if (decisions == null) {
        return null;
      }
      return actions.stream().filter(a -> !"allowed".equals(decisions.get(a))).toList();
    }
  }

  /**
   * The principal that called ExecuteCommand.
   *
   * @param arn as CloudTrail names it, e.g. {@code arn:aws:sts::1:assumed-role/Dev/alice}
   * @param simulatedArn the IAM user or role ARN that was simulated; null when it has none (root, a
   *     federated user)
   * @param decisions action → decision for {@code ecs:ExecuteCommand} on the task (and {@code
   *     kms:GenerateDataKey} on the cluster's exec key); null when the simulation could not be run
   * @param missingContext condition keys the simulation needed but could not fill
   */
  public record Caller(
      String arn,
      String simulatedArn,
      Map<String, String> decisions,
      List<String> missingContext) {}

  /**
   * One container of the task definition.
   *
   * @param readonlyRootFilesystem its {@code readonlyRootFilesystem}
   * @param initProcessEnabled its {@code linuxParameters.initProcessEnabled}
   * @param restartPolicyEnabled its {@code restartPolicy.enabled}
   * @param credentialVariables {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / {@code
   *     AWS_SESSION_TOKEN} set in its environment, secrets or the task's overrides
   */
  public record Container(
      String name,
      Boolean readonlyRootFilesystem,
      Boolean initProcessEnabled,
      Boolean restartPolicyEnabled,
      List<String> credentialVariables) {}

  /** Facts for a task that was never seen: every step says UNKNOWN. */
  public static ExecFacts unseen(String cluster, String taskId) {
    return new ExecFacts(
        cluster, taskId, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }
}
