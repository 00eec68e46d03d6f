package io.ecsmedic.local;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Seeds services for the posture scan: one that passes every rule, and broken ones that between
 * them fail every rule (one of them mutes a rule with a tag). The rules are in docs/posture.md.
 */
final class PostureEstate {
  static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
          + "{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
  static final String DIGEST = "@sha256:" + "a".repeat(64);
  static final String MUTE_REASON = "public images, pinned upstream (INC-7)";

  final String cluster;
  final EcsClient ecs;
  final ElasticLoadBalancingV2Client elb;
  final IamClient iam;
  final String vpc;
  final String subnet;

  PostureEstate(LocalAws aws, String cluster) {
    this.cluster = cluster;
    this.ecs = aws.client(EcsClient.builder());
    this.elb = aws.client(ElasticLoadBalancingV2Client.builder());
    this.iam = aws.client(IamClient.builder());
    Ec2Client ec2 = aws.client(Ec2Client.builder());
    this.vpc = ec2.describeVpcs().vpcs().getFirst().vpcId();
    this.subnet =
        ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc)))
            .subnets()
            .getFirst()
            .subnetId();
    ecs.createCluster(r -> r.clusterName(cluster));
  }

  /** A role ECS tasks may assume; the existing one when an earlier run made it. */
  String role(String name) {
    try {
      return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)).role().arn();
    } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException e) {
      return iam.getRole(r -> r.roleName(name)).role().arn();
    }
  }

  /** Passes every rule: no load balancer, so it brings its own health check and stopTimeout. */
  String healthy(String name) {
    String td =
        taskDefinition(
            name,
            "512",
            "1024",
            role(name + "-task"),
            role(name + "-exec"),
            container("app")
                .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/" + name + DIGEST)
                .logConfiguration(
                    l ->
                        l.logDriver(LogDriver.AWSLOGS)
                            .options(java.util.Map.of("mode", "non-blocking")))
                .healthCheck(h -> h.command("CMD-SHELL", "curl -f localhost:8080/ || exit 1"))
                .stopTimeout(60)
                .environment(e -> e.name("DB_SECRET_ARN").value("arn:aws:secretsmanager:x"))
                .build());
    return service(
        name,
        td,
        b ->
            b.launchType(LaunchType.FARGATE)
                .platformVersion("LATEST")
                .desiredCount(2)
                .deploymentConfiguration(
                    d ->
                        d.minimumHealthyPercent(100)
                            .maximumPercent(200)
                            .deploymentCircuitBreaker(c -> c.enable(true).rollback(true))));
  }

  /**
   * Fails every rule about the service's own configuration; mutes the image-digest rule with a tag.
   */
  String misconfigured(String name) {
    String shared = role(name + "-role");
    iam.attachRolePolicy(
        r -> r.roleName(name + "-role").policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
    String td =
        taskDefinition(
            name,
            "256",
            "4096",
            shared,
            shared,
            container("app")
                .image("nginx:latest")
                .logConfiguration(
                    l ->
                        l.logDriver(LogDriver.AWSLOGS)
                            .options(java.util.Map.of("mode", "blocking")))
                .dependsOn(d -> d.containerName("sidecar").condition(ContainerCondition.HEALTHY))
                .startTimeout(300)
                .readonlyRootFilesystem(true)
                .environment(e -> e.name("DB_PASSWORD").value("hunter2"))
                .build(),
            container("sidecar").image("busybox:1").essential(false).build());
    return service(
        name,
        td,
        b ->
            b.launchType(LaunchType.FARGATE)
                .platformVersion("1.3.0")
                .desiredCount(1)
                .enableExecuteCommand(true)
                .deploymentConfiguration(d -> d.minimumHealthyPercent(0).maximumPercent(100))
                .tags(t -> t.key("ecs-medic:mute:posture.image-digest").value(MUTE_REASON)));
  }

  /** Behind a target group with no grace period and the default deregistration delay. */
  String behindTargetGroup(String name) {
    String tg =
        elb.createTargetGroup(
                r ->
                    r.name(name + "-tg")
                        .protocol(ProtocolEnum.HTTP)
                        .port(8080)
                        .vpcId(vpc)
                        .targetType(TargetTypeEnum.IP))
            .targetGroups()
            .getFirst()
            .targetGroupArn();
    String td = healthyLookingTaskDefinition(name);
    return service(
        name,
        td,
        b ->
            b.launchType(LaunchType.FARGATE)
                .desiredCount(2)
                .deploymentConfiguration(
                    d ->
                        d.minimumHealthyPercent(100)
                            .maximumPercent(200)
                            .deploymentCircuitBreaker(c -> c.enable(true).rollback(true)))
                .healthCheckGracePeriodSeconds(0)
                .loadBalancers(l -> l.targetGroupArn(tg).containerName("app").containerPort(8080)));
  }

  /** All on FARGATE_SPOT, no on-demand base. */
  String allSpot(String name) {
    return service(
        name,
        healthyLookingTaskDefinition(name),
        b ->
            b.capacityProviderStrategy(p -> p.capacityProvider("FARGATE_SPOT").weight(1))
                .desiredCount(2)
                .deploymentConfiguration(
                    d ->
                        d.minimumHealthyPercent(100)
                            .maximumPercent(200)
                            .deploymentCircuitBreaker(c -> c.enable(true).rollback(true))));
  }

  private String healthyLookingTaskDefinition(String name) {
    return taskDefinition(
        name,
        "512",
        "1024",
        role(name + "-task"),
        role(name + "-exec"),
        container("app")
            .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/" + name + DIGEST)
            .logConfiguration(
                l ->
                    l.logDriver(LogDriver.AWSLOGS)
                        .options(java.util.Map.of("mode", "non-blocking")))
            .healthCheck(h -> h.command("CMD-SHELL", "true"))
            .stopTimeout(60)
            .build());
  }

  static ContainerDefinition.Builder container(String name) {
    return ContainerDefinition.builder().name(name).essential(true).memoryReservation(128);
  }

  String taskDefinition(
      String family,
      String cpu,
      String memory,
      String taskRole,
      String executionRole,
      ContainerDefinition... containers) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(family)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC)
                    .cpu(cpu)
                    .memory(memory)
                    .taskRoleArn(taskRole)
                    .executionRoleArn(executionRole)
                    .containerDefinitions(List.of(containers)))
        .taskDefinition()
        .taskDefinitionArn();
  }

  String service(
      String name,
      String taskDefinition,
      java.util.function.Consumer<CreateServiceRequest.Builder> how) {
    CreateServiceRequest.Builder b =
        CreateServiceRequest.builder()
            .cluster(cluster)
            .serviceName(name)
            .taskDefinition(taskDefinition)
            .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnet)));
    how.accept(b);
    return ecs.createService(b.build()).service().serviceArn();
  }
}
