package io.ecsmedic.local;

import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/** The small Fargate service the remediation, approval and multi-account tests act on. */
final class FargateServices {
  private FargateServices() {}

  /**
   * Service {@code name} on {@code cluster}, one task of revision 1 of family {@code name}:
   * Fargate, cpu 512, memory 1024 MiB, one essential nginx container {@code app}.
   */
  static Service oneTask(EcsClient ecs, String cluster, String name) {
    String td =
        ecs.registerTaskDefinition(
                r ->
                    r.family(name)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("512")
                        .memory("1024")
                        .containerDefinitions(
                            c ->
                                c.name("app")
                                    .image("public.ecr.aws/nginx/nginx:1.27")
                                    .essential(true)))
            .taskDefinition()
            .taskDefinitionArn();
    return ecs.createService(
            r ->
                r.cluster(cluster)
                    .serviceName(name)
                    .taskDefinition(td)
                    .desiredCount(1)
                    .launchType(LaunchType.FARGATE))
        .service();
  }
}
