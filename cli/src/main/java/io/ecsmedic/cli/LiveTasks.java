package io.ecsmedic.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code --task-arn}: reads a task from ECS, as {@code aws ecs describe-tasks} shows it, so it is
 * classified exactly like a pasted describe-tasks output. Only the fields the diagnosis reads are
 * kept; environment values never leave ECS (the JVM check reads variable names only).
 */
final class LiveTasks {
  /**
   * {@code arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID}; the old form without a cluster is refused.
   */
  private static final Pattern TASK_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*+:ecs:([a-z0-9-]++):\\d{12}:task/([A-Za-z0-9_-]++)/[A-Za-z0-9-]++");

  /** Why a task could not be read: said on its output line, and the run exits 2. */
  static final class UnreadableTaskException extends Exception {
    UnreadableTaskException(String message) {
      super(message);
    }
  }

  private LiveTasks() {}

  /**
   * The ECS client that reads the tasks: the region from the options, else from the first ARN; a
   * usage error when neither names one.
   */
  static EcsClient client(AwsOptions aws, CommandSpec spec, List<String> arns) {
    return aws.orRegion(regionOf(arns.getFirst()))
        .clients(spec)
        .client(EcsClient.class, EcsClient::builder);
  }

  /** The region a task ARN names, or null when it is not a task ARN with its cluster. */
  static String regionOf(String arn) {
    Matcher m = TASK_ARN.matcher(arn);
    return m.matches() ? m.group(1) : null;
  }

  /** The describe-tasks document for one task, as JSON text. */
  static String describe(EcsClient ecs, String arn) throws UnreadableTaskException {
    Matcher m = TASK_ARN.matcher(arn);
    if (!m.matches()) {
      throw new UnreadableTaskException(
          "--task-arn must be a task ARN with its cluster (arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID),"
              + " got \""
              + clip(arn)
              + "\"");
    }
    DescribeTasksResponse response;
    try {
      response = ecs.describeTasks(r -> r.cluster(m.group(2)).tasks(arn));
    } catch (SdkException e) {
      throw new UnreadableTaskException(
          "ECS DescribeTasks failed for " + arn + ": " + e.getMessage());
    }
    if (response.tasks().isEmpty()) {
      String reason =
          response.failures().isEmpty() ? "MISSING" : response.failures().getFirst().reason();
      throw new UnreadableTaskException(
          "ECS does not return task "
              + arn
              + " ("
              + reason
              + "): stopped tasks are kept about an hour;"
              + " ecs-medic history shows what was recorded");
    }
    ObjectNode doc = Json.MAPPER.createObjectNode();
    ArrayNode tasks = doc.putArray("tasks");
    response.tasks().forEach(t -> tasks.add(json(t)));
    return doc.toString();
  }

  static ObjectNode json(Task t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("taskArn", t.taskArn());
    o.put("clusterArn", t.clusterArn());
    o.put("taskDefinitionArn", t.taskDefinitionArn());
    o.put("group", t.group());
    o.put("lastStatus", t.lastStatus());
    o.put("desiredStatus", t.desiredStatus());
    o.put("stopCode", t.stopCodeAsString());
    o.put("stoppedReason", t.stoppedReason());
    o.put("startedBy", t.startedBy());
    o.put("launchType", t.launchTypeAsString());
    o.put("cpu", t.cpu());
    o.put("memory", t.memory());
    o.put("stoppingAt", iso(t.stoppingAt()));
    o.put("stoppedAt", iso(t.stoppedAt()));
    ArrayNode containers = o.putArray("containers");
    for (Container c : t.containers()) {
      ObjectNode co = containers.addObject();
      co.put("name", c.name());
      co.put("image", c.image());
      co.put("lastStatus", c.lastStatus());
      co.put("reason", c.reason());
      if (c.exitCode() != null) {
        co.put("exitCode", c.exitCode());
      }
      if (c.memory() != null) {
        co.put("memory", c.memory());
      }
    }
    if (t.overrides() != null) {
      ArrayNode overrides = o.putObject("overrides").putArray("containerOverrides");
      for (ContainerOverride co : t.overrides().containerOverrides()) {
        ArrayNode env = overrides.addObject().put("name", co.name()).putArray("environment");
        co.environment().forEach(kv -> env.addObject().put("name", kv.name()));
      }
    }
    return o;
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String clip(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
