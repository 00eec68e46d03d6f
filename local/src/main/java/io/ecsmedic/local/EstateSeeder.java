package io.ecsmedic.local;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Seeds the broken estate the demo scenario (events/scenario/incident.jsonl) happens in: cluster
 * "prod"; service "checkout" whose new revision points at an image tag that was never pushed;
 * "orders-api" sized too small, behind an ALB whose target group keeps the 300 s default
 * deregistration delay; another such target group; ECR repositories with the images that do exist.
 */
final class EstateSeeder {
  /** What was created, one line each, for the demo's output. */
  static List<String> seed(LocalAws aws) {
    List<String> created = new ArrayList<>();
    EcsClient ecs = aws.client(EcsClient.builder());
    EcrClient ecr = aws.client(EcrClient.builder());
    Ec2Client ec2 = aws.client(Ec2Client.builder());
    ElasticLoadBalancingV2Client elb = aws.client(ElasticLoadBalancingV2Client.builder());

    ecs.createCluster(r -> r.clusterName("prod"));
    created.add("ECS cluster prod");

    for (String repo : List.of("checkout", "orders-api")) {
      String uri = ecr.createRepository(r -> r.repositoryName(repo)).repository().repositoryUri();
      ecr.putImage(
          r ->
              r.repositoryName(repo).imageTag("2025.06.1").imageManifest(EcrImages.manifest(repo)));
      created.add("ECR repository " + repo + " with image " + uri + ":2025.06.1");
    }

    String registry = LocalAws.ACCOUNT + ".dkr.ecr." + aws.region() + ".amazonaws.com";
    register(ecs, "checkout", registry + "/checkout:2025.06.1", "512", "1024");
    register(ecs, "checkout", registry + "/checkout:2025.06.2-hotfx", "512", "1024");
    created.add(
        "task definitions checkout:1 (good image) and checkout:2 (tag 2025.06.2-hotfx, never pushed)");
    register(ecs, "orders-api", registry + "/orders-api:2025.06.1", "512", "1024");
    created.add("task definition orders-api:1 (cpu 512, memory 1024: too small for its heap)");

    String vpc = ec2.describeVpcs().vpcs().getFirst().vpcId();
    String tg =
        elb.createTargetGroup(
                r ->
                    r.name("checkout-tg")
                        .protocol(ProtocolEnum.HTTP)
                        .port(8080)
                        .vpcId(vpc)
                        .targetType(TargetTypeEnum.IP)
                        .healthCheckPath("/health"))
            .targetGroups()
            .getFirst()
            .targetGroupArn();
    String delay =
        elb.describeTargetGroupAttributes(r -> r.targetGroupArn(tg)).attributes().stream()
            .filter(a -> a.key().equals("deregistration_delay.timeout_seconds"))
            .map(a -> a.value())
            .findFirst()
            .orElse("?");
    created.add("target group checkout-tg, deregistration delay " + delay + " s (the default)");

    // orders-api sits behind an ALB whose 502 alarm fires in the scenario: its target group keeps
    // the 300 s default deregistration delay and the service has no health-check grace period.
    String albSg =
        ec2.createSecurityGroup(r -> r.groupName("prod-alb").description("ALB").vpcId(vpc))
            .groupId();
    String taskSg =
        ec2.createSecurityGroup(r -> r.groupName("orders-api").description("tasks").vpcId(vpc))
            .groupId();
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(taskSg)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(8080)
                            .toPort(8080)
                            .userIdGroupPairs(g -> g.groupId(albSg))));
    List<String> subnets =
        ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc))).subnets().stream()
            .map(s -> s.subnetId())
            .limit(2)
            .toList();
    String alb =
        elb.createLoadBalancer(
                r -> r.name("prod-public-alb").subnets(subnets).securityGroups(albSg))
            .loadBalancers()
            .getFirst()
            .loadBalancerArn();
    String ordersTg =
        elb.createTargetGroup(
                r ->
                    r.name("orders-api-tg")
                        .protocol(ProtocolEnum.HTTP)
                        .port(8080)
                        .vpcId(vpc)
                        .targetType(TargetTypeEnum.IP)
                        .healthCheckPath("/health"))
            .targetGroups()
            .getFirst()
            .targetGroupArn();
    elb.createListener(
        r ->
            r.loadBalancerArn(alb)
                .protocol(ProtocolEnum.HTTP)
                .port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(ordersTg)));
    elb.registerTargets(
        r -> r.targetGroupArn(ordersTg).targets(t -> t.id("10.0.1.21"), t -> t.id("10.0.2.22")));
    created.add(
        "ALB prod-public-alb → target group orders-api-tg (deregistration delay 300 s, the default)");

    service(ecs, "checkout", "checkout:2", 3);
    ecs.createService(
        r ->
            r.cluster("prod")
                .serviceName("orders-api")
                .taskDefinition("orders-api:1")
                .desiredCount(2)
                .launchType(LaunchType.FARGATE)
                .networkConfiguration(
                    n -> n.awsvpcConfiguration(v -> v.subnets(subnets).securityGroups(taskSg)))
                .loadBalancers(
                    l -> l.targetGroupArn(ordersTg).containerName("app").containerPort(8080)));
    created.add(
        "services checkout (3 tasks, deploying checkout:2) and orders-api (2 tasks, behind orders-api-tg, no grace period)");
    return created;
  }

  private static void register(EcsClient ecs, String family, String image, String cpu, String mem) {
    ecs.registerTaskDefinition(
        r ->
            r.family(family)
                .requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC)
                .cpu(cpu)
                .memory(mem)
                .containerDefinitions(
                    c ->
                        c.name("app")
                            .image(image)
                            .essential(true)
                            .portMappings(p -> p.containerPort(8080))));
  }

  private static void service(EcsClient ecs, String name, String taskDefinition, int desired) {
    ecs.createService(
        r ->
            r.cluster("prod")
                .serviceName(name)
                .taskDefinition(taskDefinition)
                .desiredCount(desired)
                .launchType(LaunchType.FARGATE));
  }

  private EstateSeeder() {}
}
