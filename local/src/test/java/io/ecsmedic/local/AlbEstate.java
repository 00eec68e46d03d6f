package io.ecsmedic.local;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Seeds Fargate services behind an ALB in the emulator's default VPC, healthy or broken in the ways
 * the ALB 502 checklist looks for. Used by the checker's test and by the triage end-to-end test
 * that expects the check in the alert.
 */
final class AlbEstate {
  final String cluster;
  final EcsClient ecs;
  final ElasticLoadBalancingV2Client elb;
  final Ec2Client ec2;
  final String vpc;
  final List<String> subnets;

  AlbEstate(LocalAws aws, String cluster) {
    this.cluster = cluster;
    this.ecs = aws.client(EcsClient.builder());
    this.elb = aws.client(ElasticLoadBalancingV2Client.builder());
    this.ec2 = aws.client(Ec2Client.builder());
    this.vpc = ec2.describeVpcs().vpcs().getFirst().vpcId();
    this.subnets =
        ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc))).subnets().stream()
            .map(s -> s.subnetId())
            .limit(2)
            .toList();
    ecs.createCluster(r -> r.clusterName(cluster));
  }

  /**
   * A load balancer, a target group on {@code tgPort}, and a Fargate service registering container
   * port 8080 with it; the task's group lets the load balancer in only when {@code openIngress}.
   */
  String seed(
      String name,
      int tgPort,
      String healthCheckPort,
      boolean openIngress,
      Integer deregistrationDelay,
      Integer gracePeriod) {
    String albSg =
        ec2.createSecurityGroup(r -> r.groupName(name + "-alb").description("alb").vpcId(vpc))
            .groupId();
    String taskSg =
        ec2.createSecurityGroup(r -> r.groupName(name + "-task").description("task").vpcId(vpc))
            .groupId();
    if (openIngress) {
      ec2.authorizeSecurityGroupIngress(
          r ->
              r.groupId(taskSg)
                  .ipPermissions(
                      p ->
                          p.ipProtocol("tcp")
                              .fromPort(8080)
                              .toPort(8080)
                              .userIdGroupPairs(g -> g.groupId(albSg))));
    } else {
      ec2.authorizeSecurityGroupIngress(
          r ->
              r.groupId(taskSg)
                  .ipPermissions(
                      p ->
                          p.ipProtocol("tcp")
                              .fromPort(8080)
                              .toPort(8080)
                              .ipRanges(c -> c.cidrIp("10.99.0.0/16"))));
    }
    String lb =
        elb.createLoadBalancer(r -> r.name(name).subnets(subnets).securityGroups(albSg))
            .loadBalancers()
            .getFirst()
            .loadBalancerArn();
    String tg =
        elb.createTargetGroup(
                r ->
                    r.name(name + "-tg")
                        .protocol(ProtocolEnum.HTTP)
                        .port(tgPort)
                        .vpcId(vpc)
                        .targetType(TargetTypeEnum.IP)
                        .healthCheckPort(healthCheckPort)
                        .healthCheckPath("/health")
                        .matcher(m -> m.httpCode("200")))
            .targetGroups()
            .getFirst()
            .targetGroupArn();
    elb.createListener(
        r ->
            r.loadBalancerArn(lb)
                .protocol(ProtocolEnum.HTTP)
                .port(80)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));
    if (deregistrationDelay != null) {
      elb.modifyTargetGroupAttributes(
          r ->
              r.targetGroupArn(tg)
                  .attributes(
                      a ->
                          a.key("deregistration_delay.timeout_seconds")
                              .value(deregistrationDelay.toString())));
    }
    String td =
        ecs.registerTaskDefinition(
                r ->
                    r.family(name)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(
                            c ->
                                c.name("web")
                                    .image("public.ecr.aws/nginx/nginx:1.27")
                                    .essential(true)
                                    .portMappings(p -> p.containerPort(8080))))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName(name)
                .taskDefinition(td)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .healthCheckGracePeriodSeconds(gracePeriod)
                .networkConfiguration(
                    n -> n.awsvpcConfiguration(v -> v.subnets(subnets).securityGroups(taskSg)))
                .loadBalancers(l -> l.targetGroupArn(tg).containerName("web").containerPort(8080)));
    return tg;
  }
}
