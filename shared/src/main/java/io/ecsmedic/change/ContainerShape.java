package io.ecsmedic.change;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What "what changed" compares of one container definition. Environment variables are kept by name
 * only: their values can be credentials, and a diff is sent to chat.
 *
 * @param image the image as the task definition names it ({@code repo:tag} or {@code
 *     repo@sha256:…})
 * @param environmentNames the names of its environment variables, never their values
 * @param secrets secret name → {@code valueFrom} (an ARN or parameter name, never the value)
 * @param healthCheck the health check as one line (command, interval, retries …); null when none
 * @param ports each port mapping as {@code containerPort/protocol} (with {@code →hostPort} if set)
 * @param logConfiguration the log driver and its options as one line; null when none
 */
public record ContainerShape(
    String name,
    String image,
    List<String> command,
    List<String> entryPoint,
    SortedSet<String> environmentNames,
    SortedMap<String, String> secrets,
    Integer cpu,
    Integer memory,
    Integer memoryReservation,
    String healthCheck,
    List<String> ports,
    String logConfiguration) {

  public ContainerShape {
    command = command == null ? List.of() : List.copyOf(command);
    entryPoint = entryPoint == null ? List.of() : List.copyOf(entryPoint);
    environmentNames = environmentNames == null ? new TreeSet<>() : new TreeSet<>(environmentNames);
    secrets = secrets == null ? new TreeMap<>() : new TreeMap<>(secrets);
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** A container with only a name and an image (tests and partial reads add the rest). */
  public static ContainerShape of(String name, String image) {
    return new ContainerShape(
        name, image, null, null, null, null, null, null, null, null, null, null);
  }

  public ContainerShape withEnvironment(String... names) {
    return new ContainerShape(
        name,
        image,
        command,
        entryPoint,
        new TreeSet<>(List.of(names)),
        secrets,
        cpu,
        memory,
        memoryReservation,
        healthCheck,
        ports,
        logConfiguration);
  }

  public ContainerShape withSecrets(Map<String, String> nameToValueFrom) {
    return new ContainerShape(
        name,
        image,
        command,
        entryPoint,
        environmentNames,
        new TreeMap<>(nameToValueFrom),
        cpu,
        memory,
        memoryReservation,
        healthCheck,
        ports,
        logConfiguration);
  }
}
