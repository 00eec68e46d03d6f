package io.ecsmedic.remediation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/**
 * A narrow ECS: one service (prod/orders-api) running one revision, the task definitions it is
 * given, the service's tags (or a failure to read them), and a list of every mutating call.
 */
final class FakeEcs implements EcsClient {
  static final String SERVICE_ARN = "arn:aws:ecs:us-east-1:1:service/prod/orders-api";

  final Map<String, TaskDefinition> taskDefinitions = new HashMap<>();
  final List<Object> mutations = new ArrayList<>();
  String running;
  Map<String, String> tags = Map.of();
  boolean tagsUnreadable;

  FakeEcs(String running) {
    this.running = running;
  }

  FakeEcs withTaskDefinition(String arn, String taskRole, String executionRole) {
    taskDefinitions.put(
        arn,
        TaskDefinition.builder()
            .taskDefinitionArn(arn)
            .family("orders-api")
            .taskRoleArn(taskRole)
            .executionRoleArn(executionRole)
            .cpu("512")
            .memory("1024")
            .build());
    return this;
  }

  @Override
  public DescribeServicesResponse describeServices(Consumer<DescribeServicesRequest.Builder> r) {
    return DescribeServicesResponse.builder()
        .services(
            Service.builder()
                .serviceArn(SERVICE_ARN)
                .serviceName("orders-api")
                .status("ACTIVE")
                .taskDefinition(running)
                .deployments(
                    Deployment.builder()
                        .id("ecs-svc/1")
                        .status("PRIMARY")
                        .taskDefinition(running)
                        .rolloutState("COMPLETED")
                        .build())
                .build())
        .build();
  }

  @Override
  public DescribeTaskDefinitionResponse describeTaskDefinition(
      Consumer<DescribeTaskDefinitionRequest.Builder> r) {
    String arn = DescribeTaskDefinitionRequest.builder().applyMutation(r).build().taskDefinition();
    return DescribeTaskDefinitionResponse.builder()
        .taskDefinition(taskDefinitions.get(arn))
        .build();
  }

  @Override
  public ListTagsForResourceResponse listTagsForResource(
      Consumer<ListTagsForResourceRequest.Builder> r) {
    if (tagsUnreadable) {
      throw EcsException.builder().message("AccessDenied").build();
    }
    return ListTagsForResourceResponse.builder()
        .tags(
            tags.entrySet().stream()
                .map(
                    e ->
                        software.amazon.awssdk.services.ecs.model.Tag.builder()
                            .key(e.getKey())
                            .value(e.getValue())
                            .build())
                .toList())
        .build();
  }

  @Override
  public RegisterTaskDefinitionResponse registerTaskDefinition(RegisterTaskDefinitionRequest r) {
    mutations.add(r);
    return RegisterTaskDefinitionResponse.builder()
        .taskDefinition(t -> t.taskDefinitionArn("arn:aws:ecs:us-east-1:1:task-definition/new:1"))
        .build();
  }

  @Override
  public UpdateServiceResponse updateService(Consumer<UpdateServiceRequest.Builder> r) {
    UpdateServiceRequest request = UpdateServiceRequest.builder().applyMutation(r).build();
    mutations.add(request);
    return UpdateServiceResponse.builder()
        .service(
            s ->
                s.serviceName("orders-api")
                    .taskDefinition(request.taskDefinition())
                    .deployments(d -> d.id("ecs-svc/2").status("PRIMARY")))
        .build();
  }

  @Override
  public String serviceName() {
    return "ecs";
  }

  @Override
  public void close() {}
}
