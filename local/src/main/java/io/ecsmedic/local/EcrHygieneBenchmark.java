package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.CallBudget;
import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.ecr.HygienePolicy;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * How long the ECR hygiene dry run takes over a large registry in the emulator, and how many API
 * calls it makes: seeds R repositories of N images each (a service per repository using one image
 * by tag), then runs the hygiene plan in-process against the emulator, three times.
 *
 * <pre>make bench-ecr ARGS="200 1000"</pre>
 *
 * The emulator must be running and empty (the make target starts a fresh one).
 */
public final class EcrHygieneBenchmark {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "logback-bench.xml");
    int repos = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    LocalAws aws = LocalAws.fromEnv(System.getenv());
    aws.reset();
    EcrClient ecr = aws.client(EcrClient.builder());
    EcsClient ecs = aws.client(EcsClient.builder());
    ecs.createCluster(r -> r.clusterName("bench"));

    Instant seedStart = Instant.now();
    AtomicLong pushed = new AtomicLong();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      java.util.List<Future<?>> jobs = new java.util.ArrayList<>();
      for (int r = 0; r < repos; r++) {
        String repo = String.format("bench/repo-%03d", r);
        jobs.add(
            pool.submit(
                () -> {
                  ecr.createRepository(b -> b.repositoryName(repo));
                  for (int i = 0; i < images; i++) {
                    String tag = i % 3 == 0 ? null : "build-" + i;
                    String manifest = manifest(repo, i);
                    ecr.putImage(b -> b.repositoryName(repo).imageTag(tag).imageManifest(manifest));
                    pushed.incrementAndGet();
                  }
                  String td =
                      ecs.registerTaskDefinition(
                              b ->
                                  b.family(repo.replace('/', '-'))
                                      .requiresCompatibilities(Compatibility.FARGATE)
                                      .networkMode(NetworkMode.AWSVPC)
                                      .cpu("256")
                                      .memory("512")
                                      .containerDefinitions(
                                          c ->
                                              c.name("app")
                                                  .image(
                                                      LocalAws.ACCOUNT
                                                          + ".dkr.ecr."
                                                          + aws.region()
                                                          + ".amazonaws.com/"
                                                          + repo
                                                          + ":build-1")
                                                  .essential(true)))
                          .taskDefinition()
                          .taskDefinitionArn();
                  ecs.createService(
                      b ->
                          b.cluster("bench")
                              .serviceName(repo.replace('/', '-'))
                              .taskDefinition(td)
                              .desiredCount(0)
                              .launchType(LaunchType.FARGATE));
                  return null;
                }));
      }
      for (Future<?> job : jobs) {
        job.get();
      }
    }
    OUT.printf(
        "seeded %d repositories × %d images (%d PutImage) in %.1f s%n",
        repos,
        images,
        pushed.get(),
        Duration.between(seedStart, Instant.now()).toMillis() / 1000.0);

    // What the scheduled function plans with: keep the newest 10 tagged, no age protection.
    HygienePolicy policy = new HygienePolicy(10, Duration.ZERO, List.of(), Duration.ofDays(30));
    for (int run = 1; run <= 3; run++) {
      EcrHygiene hygiene =
          new EcrHygiene(
              aws.clients().withBudget(CallBudget.STANDARD),
              LocalAws.ACCOUNT,
              policy,
              Clock.systemUTC());
      Instant start = Instant.now();
      JsonNode report = hygiene.plan().report();
      OUT.printf(
          "run %d: planned %s images in %.2f s with %d API calls; %s could go%n",
          run,
          report.path("images").asText(),
          Duration.between(start, Instant.now()).toMillis() / 1000.0,
          report.path("apiCalls").asInt(),
          report.path("deletions").asText());
    }
  }

  private static String manifest(String repo, int i) {
    return EcrImages.manifest((long) repo.hashCode() * 1_000_003L + i & Long.MAX_VALUE);
  }

  private EcrHygieneBenchmark() {}
}
