package io.ecsmedic.aws.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.NetworkFacts;
import io.ecsmedic.check.PullCheck;
import io.ecsmedic.check.PullFacts;
import io.ecsmedic.check.PullFacts.Existence;
import io.ecsmedic.check.PullFacts.Image;
import io.ecsmedic.check.PullFacts.LogConfig;
import io.ecsmedic.check.PullFacts.SecretRef;
import io.ecsmedic.check.PullFacts.Subject;
import io.ecsmedic.ecr.ImageRef;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Gathers {@link PullFacts} for a task or a service and runs the image-pull path checklist on them
 * (IMAGE_PULL, SECRETS_INIT, LOG_INIT). Read-only: ECS DescribeTasks / DescribeServices /
 * DescribeTaskDefinition, ECR DescribeImages / BatchGetImage, IAM GetRole /
 * SimulatePrincipalPolicy, EC2 DescribeSubnets / DescribeRouteTables / DescribeVpcEndpoints /
 * DescribeNetworkInterfaces / DescribeSecurityGroups. Each read is optional within a 10 s budget: a
 * failed one leaves its step UNKNOWN and a note, never an exception.
 */
public final class PullFactsCollector {
  static final Duration BUDGET = Duration.ofSeconds(10);
  static final List<String> MANIFEST_TYPES =
      List.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json");
  private static final Pattern ECR_REGISTRY =
      Pattern.compile(
          "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/.*");

  private final CheckClients aws;
  private final String region;
  private final Clock clock;

  public PullFactsCollector(CheckClients aws, String region, Clock clock) {
    this.aws = aws;
    this.region = region;
    this.clock = clock;
  }

  /**
   * Exactly one of task / service is non-null. For a task (usually a STOPPED one from the event),
   * its task definition and ENI subnets; for a service, its current task definition and
   * networkConfiguration.
   */
  public CheckReport check(String cluster, String task, String service) {
    if ((task == null) == (service == null)) {
      throw new IllegalArgumentException("name exactly one of task or service");
    }
    Gather gather = new Gather(clock, BUDGET);
    PullFacts facts = new Run(gather, cluster).collect(task, service);
    return new CheckReport(
        "pull-check",
        Category.IMAGE_PULL,
        cluster + "/" + (task != null ? task : service),
        service != null && facts.subject() != null && Boolean.TRUE.equals(facts.subject().found())
            ? new CheckReport.Service(cluster.substring(cluster.lastIndexOf('/') + 1), service)
            : null,
        PullCheck.run(facts),
        gather.notes());
  }

  /** What one check has read so far. */
  private final class Run {
    final Gather gather;
    final String cluster;
    final RolePermissions permissions;
    Boolean fargate;
    List<String> subnets = List.of();
    List<String> securityGroups = List.of();
    Boolean assignPublicIp;
    boolean networkKnown;

    Run(Gather gather, String cluster) {
      this.gather = gather;
      this.cluster = cluster;
      this.permissions = new RolePermissions(aws.iam(), gather);
    }

    PullFacts collect(String task, String service) {
      Subject subject = task != null ? fromTask(task) : fromService(service);
      if (!Boolean.TRUE.equals(subject.found()) || subject.taskDefinition() == null) {
        return new PullFacts(
            region, subject, null, null, null, null, null, null, null, null, null, null, null,
            null);
      }
      TaskDefinition td =
          gather.optional(
              "task definition " + subject.taskDefinition(),
              () ->
                  aws.ecs()
                      .describeTaskDefinition(r -> r.taskDefinition(subject.taskDefinition()))
                      .taskDefinition());
      Subject shown =
          new Subject(
              subject.cluster(),
              subject.kind(),
              subject.name(),
              true,
              subject.status(),
              td == null ? subject.taskDefinition() : td.family() + ":" + td.revision());
      NetworkFacts network =
          networkKnown
              ? new NetworkFactsCollector(aws.ec2())
                  .collect(gather, region, subnets, assignPublicIp)
              : null;
      Map<String, List<String>> egress = egress();
      if (td == null) {
        return new PullFacts(
            region, shown, fargate, null, null, null, null, null, null, null, null, null, network,
            egress);
      }
      if (fargate == null && td.hasRequiresCompatibilities()) {
        List<Compatibility> c = td.requiresCompatibilities();
        if (c.contains(Compatibility.FARGATE) && !c.contains(Compatibility.EC2)) {
          fargate = true;
        } else if (!c.contains(Compatibility.FARGATE) && !c.isEmpty()) {
          fargate = false;
        }
      }
      String[] arn = td.taskDefinitionArn().split(":");
      String partition = arn[1];
      String account = arn[4];
      // Absent in AWS; some APIs (and the local emulator) answer "" instead.
      String role =
          td.executionRoleArn() == null || td.executionRoleArn().isBlank()
              ? null
              : td.executionRoleArn();
      RoleRead read = role == null ? new RoleRead(null, null) : role(role);
      // The role to simulate: none when the task definition sets none or IAM says it is gone.
      String simulate = role != null && !Boolean.FALSE.equals(read.exists()) ? role : null;

      List<Image> images = new ArrayList<>();
      List<SecretRef> secrets = new ArrayList<>();
      List<LogConfig> logs = new ArrayList<>();
      for (ContainerDefinition c : td.containerDefinitions()) {
        images.add(image(c, partition, simulate));
        for (Secret s : c.secrets()) {
          secrets.add(secret(c.name(), s.name(), s.valueFrom(), partition, account, simulate));
        }
        if (c.repositoryCredentials() != null
            && c.repositoryCredentials().credentialsParameter() != null) {
          secrets.add(
              secret(
                  c.name(),
                  "repositoryCredentials",
                  c.repositoryCredentials().credentialsParameter(),
                  partition,
                  account,
                  simulate));
        }
        if (c.logConfiguration() != null && c.logConfiguration().logDriver() == LogDriver.AWSLOGS) {
          logs.add(log(c, account, simulate));
        }
      }
      Boolean token =
          simulate != null && images.stream().anyMatch(Image::ecr)
              ? denied(permissions.allowed(simulate, List.of("ecr:GetAuthorizationToken"), "*"))
              : null;
      return new PullFacts(
          region,
          shown,
          fargate,
          td.runtimePlatform() == null ? null : td.runtimePlatform().cpuArchitectureAsString(),
          td.runtimePlatform() == null
              ? null
              : td.runtimePlatform().operatingSystemFamilyAsString(),
          role,
          read.exists(),
          read.trusts(),
          token == null ? null : !token,
          images,
          secrets,
          logs,
          network,
          egress);
    }

    Subject fromTask(String task) {
      DescribeTasksResponse r =
          gather.optional(
              "task " + task, () -> aws.ecs().describeTasks(b -> b.cluster(cluster).tasks(task)));
      if (r == null) {
        return new Subject(cluster, "task", task, null, null, null);
      }
      if (r.tasks().isEmpty()) {
        String why = r.failures().isEmpty() ? null : r.failures().getFirst().reason();
        return new Subject(cluster, "task", task, false, why, null);
      }
      Task t = r.tasks().getFirst();
      fargate = fargate(t.launchTypeAsString(), t.capacityProviderName());
      String eni = null;
      for (var attachment : t.attachments()) {
        if (!"ElasticNetworkInterface".equals(attachment.type())) {
          continue;
        }
        for (KeyValuePair d : attachment.details()) {
          if ("subnetId".equals(d.name())) {
            subnets = List.of(d.value());
            networkKnown = true;
          } else if ("networkInterfaceId".equals(d.name())) {
            eni = d.value();
          }
        }
      }
      boolean hasEni = networkKnown;
      String group = t.group();
      if (group != null && group.startsWith("service:")) {
        // A service's task: public IP and security groups as the service configures them.
        String service = group.substring("service:".length());
        Service s = service(service);
        if (s != null) {
          awsvpc(
              s.networkConfiguration() == null
                  ? null
                  : s.networkConfiguration().awsvpcConfiguration(),
              !hasEni);
          if (!hasEni && networkKnown) {
            gather.note("network: the task records no ENI; subnets from service " + service);
          }
        }
      } else if (eni != null) {
        NetworkInterface n = networkInterface(eni);
        if (n != null) {
          assignPublicIp = n.association() != null && n.association().publicIp() != null;
          securityGroups = n.groups().stream().map(g -> g.groupId()).toList();
        }
      } else if (!hasEni) {
        gather.note("network: the task records no ENI subnet (not awsvpc, or not attached yet)");
      }
      String status =
          t.lastStatus()
              + (t.stoppedReason() == null ? "" : ": " + shorten(t.stoppedReason(), 160));
      return new Subject(cluster, "task", task, true, status, t.taskDefinitionArn());
    }

    Subject fromService(String name) {
      DescribeServicesResponse r =
          gather.optional(
              "service " + name,
              () -> aws.ecs().describeServices(b -> b.cluster(cluster).services(name)));
      if (r == null) {
        return new Subject(cluster, "service", name, null, null, null);
      }
      if (r.services().isEmpty() || "INACTIVE".equals(r.services().getFirst().status())) {
        String why =
            r.services().isEmpty()
                ? r.failures().isEmpty() ? null : r.failures().getFirst().reason()
                : "INACTIVE: deleted";
        return new Subject(cluster, "service", name, false, why, null);
      }
      Service s = r.services().getFirst();
      fargate = fargate(s.launchTypeAsString(), null);
      if (fargate == null
          && s.hasCapacityProviderStrategy()
          && !s.capacityProviderStrategy().isEmpty()) {
        fargate =
            s.capacityProviderStrategy().stream()
                .allMatch(p -> p.capacityProvider().startsWith("FARGATE"));
      }
      awsvpc(
          s.networkConfiguration() == null ? null : s.networkConfiguration().awsvpcConfiguration(),
          true);
      String status = s.status() + ", " + s.runningCount() + " of " + s.desiredCount() + " running";
      return new Subject(cluster, "service", name, true, status, s.taskDefinition());
    }

    Service service(String name) {
      DescribeServicesResponse r =
          gather.optional(
              "service " + name,
              () -> aws.ecs().describeServices(b -> b.cluster(cluster).services(name)));
      return r == null || r.services().isEmpty() ? null : r.services().getFirst();
    }

    void awsvpc(AwsVpcConfiguration c, boolean takeSubnets) {
      if (c == null) {
        gather.note(
            "network: no awsvpc configuration; the instance's network decides (not checked)");
        return;
      }
      if (takeSubnets) {
        subnets = c.subnets();
        networkKnown = true;
      }
      securityGroups = c.securityGroups();
      // AWS's default when the service does not say is DISABLED.
      assignPublicIp = c.assignPublicIp() == AssignPublicIp.ENABLED;
    }

    NetworkInterface networkInterface(String eni) {
      List<NetworkInterface> found =
          gather.optional(
              "network interface " + eni,
              () -> {
                try {
                  return aws.ec2()
                      .describeNetworkInterfaces(r -> r.networkInterfaceIds(eni))
                      .networkInterfaces();
                } catch (Ec2Exception e) {
                  if (e.awsErrorDetails() != null
                      && "InvalidNetworkInterfaceID.NotFound"
                          .equals(e.awsErrorDetails().errorCode())) {
                    return List.<NetworkInterface>of(); // deleted with the stopped task
                  }
                  throw e;
                }
              });
      if (found == null || found.isEmpty()) {
        gather.note(
            "network interface "
                + eni
                + " is gone (the task stopped): public IP and security groups not known");
        return null;
      }
      return found.getFirst();
    }

    Map<String, List<String>> egress() {
      if (securityGroups.isEmpty()) {
        return null;
      }
      List<SecurityGroup> groups =
          gather.optional(
              "security groups " + String.join(",", securityGroups),
              () ->
                  aws.ec2()
                      .describeSecurityGroups(r -> r.groupIds(securityGroups))
                      .securityGroups());
      if (groups == null) {
        return null;
      }
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (SecurityGroup g : groups) {
        List<String> to = new ArrayList<>();
        for (IpPermission p : g.ipPermissionsEgress()) {
          if (covers443(p)) {
            p.ipRanges().forEach(x -> to.add(x.cidrIp()));
            p.ipv6Ranges().forEach(x -> to.add(x.cidrIpv6()));
            p.prefixListIds().forEach(x -> to.add(x.prefixListId()));
            p.userIdGroupPairs().forEach(x -> to.add(x.groupId()));
          }
        }
        out.put(g.groupId(), to.stream().distinct().toList());
      }
      return out;
    }

    Image image(ContainerDefinition c, String partition, String role) {
      String uri = c.image();
      Matcher m = uri == null ? null : ECR_REGISTRY.matcher(uri.trim());
      Optional<ImageRef> parsed =
          m != null && m.matches() ? ImageRef.parse(uri, m.group(1), m.group(2)) : Optional.empty();
      if (parsed.isEmpty()) {
        String host =
            uri == null || uri.indexOf('/') < 0 ? "docker.io" : uri.substring(0, uri.indexOf('/'));
        return new Image(c.name(), uri, null, host, null, null, null, null, null, null);
      }
      ImageRef ref = parsed.get();
      String registry = m.group(1);
      String imageRegion = m.group(2);
      String repositoryArn =
          "arn:"
              + partition
              + ":ecr:"
              + imageRegion
              + ":"
              + registry
              + ":repository/"
              + ref.repository();
      ImageIdentifier id =
          ref.digest() != null
              ? ImageIdentifier.builder().imageDigest(ref.digest()).build()
              : ImageIdentifier.builder().imageTag(ref.tag()).build();
      Existence exists = null;
      Boolean multi = null;
      List<String> platforms = null;
      if (!imageRegion.equals(region)) {
        gather.note(
            c.name() + ": " + uri + " is in " + imageRegion + ", not looked up from " + region);
      } else {
        exists =
            gather.optional(
                "ECR image "
                    + ref.repository()
                    + " "
                    + (ref.digest() != null ? ref.digest() : ref.tag()),
                () -> {
                  try {
                    return aws.ecr()
                            .describeImages(
                                r ->
                                    r.registryId(registry)
                                        .repositoryName(ref.repository())
                                        .imageIds(id))
                            .imageDetails()
                            .isEmpty()
                        ? Existence.TAG_MISSING
                        : Existence.FOUND;
                  } catch (ImageNotFoundException e) {
                    return Existence.TAG_MISSING;
                  } catch (RepositoryNotFoundException e) {
                    return Existence.REPOSITORY_MISSING;
                  }
                });
        if (exists == Existence.FOUND) {
          JsonNode manifest = manifest(registry, ref, id);
          if (manifest != null) {
            multi = manifest.has("manifests");
            if (multi) {
              platforms = new ArrayList<>();
              for (JsonNode entry : manifest.path("manifests")) {
                String os = entry.path("platform").path("os").asText("unknown");
                String arch = entry.path("platform").path("architecture").asText("unknown");
                if (!"unknown".equals(os) && !"unknown".equals(arch)) {
                  platforms.add(os + "/" + arch); // attestations say unknown/unknown
                }
              }
            }
          }
        }
      }
      List<String> denied =
          role == null
              ? null
              : permissions.allowed(
                  role, List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"), repositoryArn);
      return new Image(
          c.name(),
          uri,
          repositoryArn,
          ref.repository(),
          ref.tag(),
          ref.digest(),
          exists,
          multi,
          platforms,
          denied);
    }

    JsonNode manifest(String registry, ImageRef ref, ImageIdentifier id) {
      BatchGetImageResponse r =
          gather.optional(
              "manifest of " + ref.repository(),
              () ->
                  aws.ecr()
                      .batchGetImage(
                          b ->
                              b.registryId(registry)
                                  .repositoryName(ref.repository())
                                  .imageIds(id)
                                  .acceptedMediaTypes(MANIFEST_TYPES)));
      if (r == null || r.images().isEmpty()) {
        return null;
      }
      try {
        return Json.MAPPER.readTree(r.images().getFirst().imageManifest());
      } catch (java.io.IOException e) {
        gather.note("manifest of " + ref.repository() + ": not JSON (" + e.getMessage() + ")");
        return null;
      }
    }

    SecretRef secret(
        String container,
        String name,
        String valueFrom,
        String partition,
        String account,
        String role) {
      boolean secretsManager =
          valueFrom.startsWith("arn:") && valueFrom.contains(":secretsmanager:");
      String action = secretsManager ? "secretsmanager:GetSecretValue" : "ssm:GetParameters";
      String arn;
      if (secretsManager) {
        // arn:aws:secretsmanager:region:account:secret:name-AbCdEf[:json-key:stage:version]
        String[] parts = valueFrom.split(":");
        arn = String.join(":", java.util.Arrays.copyOf(parts, Math.min(parts.length, 7)));
      } else if (valueFrom.startsWith("arn:")) {
        arn = valueFrom;
      } else {
        arn =
            "arn:"
                + partition
                + ":ssm:"
                + region
                + ":"
                + account
                + ":parameter"
                + (valueFrom.startsWith("/") ? valueFrom : "/" + valueFrom);
      }
      Boolean denied =
          role == null ? null : denied(permissions.allowed(role, List.of(action), arn));
      return new SecretRef(container, name, valueFrom, arn, action, denied);
    }

    LogConfig log(ContainerDefinition c, String account, String role) {
      Map<String, String> o = c.logConfiguration().options();
      String group = o.get("awslogs-group");
      String logRegion = o.get("awslogs-region");
      boolean create = "true".equalsIgnoreCase(o.get("awslogs-create-group"));
      LogConfig shape = new LogConfig(c.name(), group, logRegion, create, null);
      List<String> denied =
          role == null || group == null
              ? null
              : permissions.allowed(
                  role,
                  shape.actions(),
                  PullCheck.logStreamsArn(logRegion == null ? region : logRegion, account, group));
      return new LogConfig(c.name(), group, logRegion, create, denied);
    }

    /** Whether IAM has the role (false on NoSuchEntity) and whether it trusts ECS tasks. */
    RoleRead role(String roleArn) {
      String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
      Optional<Role> found =
          gather.optional(
              "execution role " + name,
              () -> {
                try {
                  return Optional.of(aws.iam().getRole(r -> r.roleName(name)).role());
                } catch (NoSuchEntityException e) {
                  return Optional.<Role>empty();
                }
              });
      if (found == null) {
        return new RoleRead(null, null);
      }
      return found
          .map(r -> new RoleRead(true, trustsEcsTasks(r)))
          .orElse(new RoleRead(false, null));
    }
  }

  private record RoleRead(Boolean exists, Boolean trusts) {}

  static Boolean trustsEcsTasks(Role role) {
    String doc = role.assumeRolePolicyDocument();
    if (doc == null) {
      return null;
    }
    return URLDecoder.decode(doc, StandardCharsets.UTF_8).contains("ecs-tasks.amazonaws.com");
  }

  static Boolean fargate(String launchType, String capacityProvider) {
    if (capacityProvider != null) {
      return capacityProvider.startsWith("FARGATE");
    }
    if (launchType == null) {
      return null;
    }
    return switch (launchType.toUpperCase(Locale.ROOT)) {
      case "FARGATE" -> true;
      case "EC2", "EXTERNAL" -> false;
      default -> null;
    };
  }

  static boolean covers443(IpPermission p) {
    if ("-1".equals(p.ipProtocol())) {
      return true;
    }
    if (!"tcp".equalsIgnoreCase(p.ipProtocol()) && !"6".equals(p.ipProtocol())) {
      return false;
    }
    return (p.fromPort() == null || p.fromPort() <= 443)
        && (p.toPort() == null || p.toPort() >= 443);
  }

  private static Boolean denied(List<String> denied) {
    return denied == null ? null : !denied.isEmpty();
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
