package io.ecsmedic.evidence;

import java.util.Map;

/**
 * Where one container's output went, from its task definition's log configuration: an awslogs
 * stream ecs-medic can read, or a sentence saying where to look instead (FireLens, Splunk, another
 * driver, none). Pure: the caller reads the task definition.
 *
 * @param group the awslogs group; null when the logs are not in a readable awslogs stream
 * @param stream {@code <awslogs-stream-prefix>/<container>/<task id>}; null as above
 * @param where for people: "awslogs /ecs/orders ecs/api/0f3c…" or "FireLens (…): read them there"
 */
public record LogLocation(String group, String stream, String where) {

  /** Whether ecs-medic can read the lines itself. */
  public boolean readable() {
    return group != null && stream != null;
  }

  /**
   * @param driver the log driver ({@code awslogs}, {@code awsfirelens}, {@code splunk}, …); null
   *     when the container has no log configuration
   * @param options the driver's options (values other than group and prefix are never quoted)
   */
  public static LogLocation of(
      String driver, Map<String, String> options, String container, String taskId) {
    if (driver == null) {
      return elsewhere(
          "container " + container + " has no log configuration: its output is not kept");
    }
    String group = options.get("awslogs-group");
    String prefix = options.get("awslogs-stream-prefix");
    return switch (driver) {
      case "awslogs" -> {
        if (group == null) {
          yield elsewhere("awslogs without awslogs-group: the lines cannot be found");
        }
        if (prefix == null || taskId == null) {
          // Without a prefix (EC2 only) the stream is named by the Docker container id.
          yield elsewhere(
              "awslogs group "
                  + group
                  + " without awslogs-stream-prefix: find the stream by the container id");
        }
        String stream = prefix + "/" + container + "/" + taskId;
        yield new LogLocation(group, stream, "awslogs " + group + " " + stream);
      }
      case "awsfirelens" ->
          elsewhere(
              "FireLens"
                  + (options.containsKey("Name") ? " (output " + options.get("Name") + ")" : "")
                  + ": the log router's destination holds the lines, not read by ecs-medic");
      case "splunk" -> elsewhere("Splunk: search the task id there, not read by ecs-medic");
      default -> elsewhere("log driver " + driver + ": not read by ecs-medic");
    };
  }

  private static LogLocation elsewhere(String where) {
    return new LogLocation(null, null, where);
  }
}
