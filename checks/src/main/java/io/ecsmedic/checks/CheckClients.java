package io.ecsmedic.checks;

import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The read-only clients the checkers call. The caller builds them (the Lambda with the
 * url-connection client, the CLI with its endpoint options) and owns their lifecycle.
 */
public record CheckClients(
    EcsClient ecs, ElasticLoadBalancingV2Client elb, Ec2Client ec2, IamClient iam, EcrClient ecr) {
  public CheckClients {
    Objects.requireNonNull(ecs, "ecs");
    Objects.requireNonNull(elb, "elb");
    Objects.requireNonNull(ec2, "ec2");
    Objects.requireNonNull(iam, "iam");
    Objects.requireNonNull(ecr, "ecr");
  }
}
