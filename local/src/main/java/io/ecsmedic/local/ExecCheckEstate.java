package io.ecsmedic.local;

import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ExecuteCommandLogging;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Seeds one ECS Exec estate in the emulator for the side-by-side benchmark of {@code exec-check}
 * and amazon-ecs-exec-checker (make bench-exec-checker, scripts/bench-exec-checker.sh): a cluster
 * with an exec configuration (KMS key, logging), a private subnet behind a NAT gateway, a task role
 * and an execution role, and a service with exec enabled running one Fargate task. Resets the
 * emulator first. Prints {@code CLUSTER TASK_ID SUBNET} on one line (the subnet for the emulator
 * wrapper, which fills in the task's network attachment). Both tools read the same estate through
 * the same endpoint.
 */
public final class ExecCheckEstate {
  static final String CLUSTER = "exec-bench";

  private ExecCheckEstate() {}

  /**
   * @param args the ARN of a KMS key for the cluster's exec configuration (the checker describes
   *     it), or nothing for a made-up one
   */
  public static void main(String[] args) throws Exception {
    LocalAws aws = LocalAws.fromEnv(System.getenv());
    aws.reset();
    EcsClient ecs = aws.client(EcsClient.builder());
    Ec2Client ec2 = aws.client(Ec2Client.builder());
    IamClient iam = aws.client(IamClient.builder());
    String kmsKey =
        args.length > 0 ? args[0] : "arn:aws:kms:us-east-1:" + LocalAws.ACCOUNT + ":key/exec-bench";

    ecs.createCluster(
        r ->
            r.clusterName(CLUSTER)
                .configuration(
                    c ->
                        c.executeCommandConfiguration(
                            x ->
                                x.kmsKeyId(kmsKey)
                                    .logging(ExecuteCommandLogging.OVERRIDE)
                                    .logConfiguration(
                                        l -> l.cloudWatchLogGroupName("/exec-bench")))));

    String vpc = ec2.createVpc(r -> r.cidrBlock("10.78.0.0/16")).vpc().vpcId();
    String publicSubnet =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.78.0.0/24")).subnet().subnetId();
    String privateSubnet =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.78.1.0/24")).subnet().subnetId();
    String eip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    String nat =
        ec2.createNatGateway(r -> r.subnetId(publicSubnet).allocationId(eip))
            .natGateway()
            .natGatewayId();
    String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
    ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(privateSubnet));

    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    Map<String, String> roles =
        Map.of(
            "exec-bench-task",
            "\"ssmmessages:CreateControlChannel\",\"ssmmessages:CreateDataChannel\","
                + "\"ssmmessages:OpenControlChannel\",\"ssmmessages:OpenDataChannel\","
                + "\"kms:Decrypt\",\"logs:CreateLogStream\",\"logs:DescribeLogStreams\","
                + "\"logs:PutLogEvents\",\"logs:DescribeLogGroups\"",
            "exec-bench-execution",
            "\"ecr:GetAuthorizationToken\"");
    roles.forEach(
        (name, actions) -> {
          iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust));
          iam.putRolePolicy(
              r ->
                  r.roleName(name)
                      .policyName("exec-bench")
                      .policyDocument(
                          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                              + "\"Action\":["
                              + actions
                              + "],\"Resource\":\"*\"}]}"));
        });

    String taskDefinition =
        ecs.registerTaskDefinition(
                r ->
                    r.family("exec-bench")
                        .taskRoleArn("arn:aws:iam::" + LocalAws.ACCOUNT + ":role/exec-bench-task")
                        .executionRoleArn(
                            "arn:aws:iam::" + LocalAws.ACCOUNT + ":role/exec-bench-execution")
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(
                            c ->
                                c.name("app")
                                    .image("nginx")
                                    .essential(true)
                                    .linuxParameters(l -> l.initProcessEnabled(true))))
            .taskDefinition()
            .taskDefinitionArn();
    // A service's task: the emulator reports no ENI on it, and exec-check then reads the service's
    // subnets (the wrapper gives the checker the same subnet as the task's attachment).
    ecs.createService(
        r ->
            r.cluster(CLUSTER)
                .serviceName("exec-bench")
                .taskDefinition(taskDefinition)
                .desiredCount(1)
                .launchType(LaunchType.FARGATE)
                .platformVersion("1.4.0")
                .enableExecuteCommand(true)
                .networkConfiguration(
                    n ->
                        n.awsvpcConfiguration(
                            v ->
                                v.subnets(privateSubnet).assignPublicIp(AssignPublicIp.DISABLED))));
    String taskArn =
        ecs.listTasks(r -> r.cluster(CLUSTER).serviceName("exec-bench")).taskArns().getFirst();
    System.out.println(
        CLUSTER + " " + taskArn.substring(taskArn.lastIndexOf('/') + 1) + " " + privateSubnet);
  }
}
