package io.ecsmedic.local;

import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/** The small Fargate service the remediation, approval and multi-account tests act on. */
final class FargateServices {
  static final String NGINX = "public.ecr.aws/nginx/nginx:1.27";

  private FargateServices() {}

  /**
   * Service {@code name} on {@code cluster}, one task of revision 1 of family {@code name}:
   * Fargate, cpu 512, memory 1024 MiB, one essential nginx container {@code app}.
   */
  static Service oneTask(EcsClient ecs, String cluster, String name) {
    return service(ecs, cluster, name, revision(ecs, name, NGINX));
  }

  /**
   * A new revision of {@code family}: Fargate, cpu 512, memory 1024 MiB, one essential container
   * {@code app} running {@code image}; returns its ARN.
   */
  static String revision(EcsClient ecs, String family, String image) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(family)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC)
                    .cpu("512")
                    .memory("1024")
                    .containerDefinitions(c -> c.name("app").image(image).essential(true)))
        .taskDefinition()
        .taskDefinitionArn();
  }

  /** Service {@code name} on {@code cluster}, one Fargate task of {@code taskDefinition}. */
  static Service service(EcsClient ecs, String cluster, String name, String taskDefinition) {
    return ecs.createService(
            r ->
                r.cluster(cluster)
                    .serviceName(name)
                    .taskDefinition(taskDefinition)
                    .desiredCount(1)
                    .launchType(LaunchType.FARGATE))
        .service();
  }
}
