package io.ecsmedic.aws.check;

import io.ecsmedic.aws.AwsClientFactory;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The read-only clients the checkers call. {@link #of} takes them from the {@link AwsClientFactory}
 * when a checker first asks, so a caller that never runs a checker never builds its EC2, IAM or
 * ELBv2 client; tests pass their own clients.
 */
public final class CheckClients {
  private final Supplier<EcsClient> ecs;
  private final Supplier<ElasticLoadBalancingV2Client> elb;
  private final Supplier<Ec2Client> ec2;
  private final Supplier<IamClient> iam;
  private final Supplier<EcrClient> ecr;

  /** Given clients (tests, or a fake standing in for one of them). */
  public CheckClients(
      EcsClient ecs,
      ElasticLoadBalancingV2Client elb,
      Ec2Client ec2,
      IamClient iam,
      EcrClient ecr) {
    Objects.requireNonNull(ecs, "ecs");
    Objects.requireNonNull(elb, "elb");
    Objects.requireNonNull(ec2, "ec2");
    Objects.requireNonNull(iam, "iam");
    Objects.requireNonNull(ecr, "ecr");
    this.ecs = () -> ecs;
    this.elb = () -> elb;
    this.ec2 = () -> ec2;
    this.iam = () -> iam;
    this.ecr = () -> ecr;
  }

  private CheckClients(AwsClientFactory aws) {
    this.ecs = () -> aws.client(EcsClient.class, EcsClient::builder);
    this.elb =
        () -> aws.client(ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder);
    this.ec2 = () -> aws.client(Ec2Client.class, Ec2Client::builder);
    this.iam = () -> aws.client(IamClient.class, IamClient::builder);
    this.ecr = () -> aws.client(EcrClient.class, EcrClient::builder);
  }

  /** The factory's clients, each built when a checker first calls it. */
  public static CheckClients of(AwsClientFactory aws) {
    return new CheckClients(Objects.requireNonNull(aws, "aws"));
  }

  public EcsClient ecs() {
    return ecs.get();
  }

  public ElasticLoadBalancingV2Client elb() {
    return elb.get();
  }

  public Ec2Client ec2() {
    return ec2.get();
  }

  public IamClient iam() {
    return iam.get();
  }

  public EcrClient ecr() {
    return ecr.get();
  }
}
