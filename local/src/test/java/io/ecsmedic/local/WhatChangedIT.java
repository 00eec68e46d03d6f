package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What changed, end to end in the emulator: the estate (task definitions, services, a secret), the
 * deployment, and the CloudTrail record of who did it are real, and so are triage's reads of them
 * and its alert on the stack's topic. Triage runs in-process with the deployed function's
 * configuration, because one thing is not real: MiniStack answers ECS's deployment history
 * (ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions) with nothing, so
 * those reads, and only those, come from a narrow fake that says which revision last ran healthy
 * and how the deployment ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhatChangedIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String REPO = LocalAws.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/orders";

  private LocalStackSession stack;
  private EcsClient ecs;
  private EcsClient ecsAsDeployer;
  private Caller deployer;
  private int events;

  @BeforeAll
  void deploy() throws Exception {
    stack = LocalStackSession.open(Fixtures.ROOT, "ecs-medic-e2e-what-changed");
    ecs = stack.aws.client(EcsClient.builder());
    deployer = caller("ci-deployer");
    ecsAsDeployer = deployer.clients().build(EcsClient.builder());
  }

  @AfterAll
  void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  /** An IAM user of the emulator with its own access key, allowed what the tests do. */
  record Caller(String principal, AwsClientFactory clients) {}

  /**
   * A real IAM user with an access key, so its calls pass with IAM enforced too. MiniStack's
   * CloudTrail names the caller by access key id ({@code user/AKIA…}), where AWS writes the user
   * name: the expected principal is taken from the key.
   */
  private Caller caller(String name) {
    IamClient iam = stack.aws.client(IamClient.builder());
    iam.createUser(r -> r.userName(name));
    iam.putUserPolicy(
        r ->
            r.userName(name)
                .policyName("what-changed-it")
                .policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":[\"ecs:*\",\"secretsmanager:*\"],\"Resource\":\"*\"}]}"));
    AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
    return new Caller(
        "user/" + key.accessKeyId(),
        stack
            .aws
            .clients()
            .withCredentials(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))));
  }

  @Test
  void aFailureAfterADeploymentThatChangedTheImageAndAddedAVariableGetsTheDiffAndTheDeployment()
      throws Exception {
    String cluster = "wc-image";
    ecs.createCluster(r -> r.clusterName(cluster));
    String healthy =
        register(
            ecs, "orders-image", c -> c.image(REPO + ":2025.06.1").environment(env("LOG_LEVEL")));
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName("orders")
                .taskDefinition(healthy)
                .desiredCount(0)
                .launchType(LaunchType.FARGATE));
    String failing =
        register(
            ecsAsDeployer,
            "orders-image",
            c ->
                c.image(REPO + ":2025.06.2")
                    .environment(env("LOG_LEVEL"), env("DATABASE_URL", "postgres://u:pw@db/x")));
    ecsAsDeployer.updateService(r -> r.cluster(cluster).service("orders").taskDefinition(failing));
    String deploymentId = primaryDeployment(cluster, "orders");

    JsonNode result =
        triage(stop(cluster, "orders", failing, deploymentId), fakes(healthy, "orders", null));
    JsonNode alert = alertOf(result);

    JsonNode changed = alert.path("whatChanged");
    assertThat(changed.path("lead").asText())
        .as(changed.toString())
        .startsWith(
            "Started after deployment "
                + deploymentId
                + " (image 2025.06.1 → 2025.06.2, env +DATABASE_URL) by "
                + deployer.principal()
                + ",");
    assertThat(changed.path("healthyRevision").asText()).isEqualTo("orders-image:1");
    assertThat(changed.path("failingRevision").asText()).isEqualTo("orders-image:2");
    assertThat(changed.path("deployment").path("id").asText()).isEqualTo(deploymentId);
    assertThat(changed.toString())
        .as("names of variables, never their values")
        .doesNotContain("postgres://");
    assertThat(changed.path("events").toString()).contains("RegisterTaskDefinition");
  }

  @Test
  void aSecretEditedBeforeTheFailureIsNamed() throws Exception {
    String cluster = "wc-secret";
    SecretsManagerClient secrets = stack.aws.client(SecretsManagerClient.builder());
    String secretArn =
        secrets.createSecret(r -> r.name("wc/orders-db").secretString("first")).arn();
    ecs.createCluster(r -> r.clusterName(cluster));
    String revision =
        register(
            ecs,
            "orders-secret",
            c ->
                c.image(REPO + ":2025.06.1")
                    .secrets(Secret.builder().name("DB_PASSWORD").valueFrom(secretArn).build()));
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName("orders")
                .taskDefinition(revision)
                .desiredCount(0)
                .launchType(LaunchType.FARGATE));
    Caller alice = caller("alice");
    alice
        .clients()
        .build(SecretsManagerClient.builder())
        .putSecretValue(r -> r.secretId("wc/orders-db").secretString("rotated-by-hand"));

    JsonNode result = triage(stop(cluster, "orders", revision, null), fakes(null, "orders", null));
    JsonNode alert = alertOf(result);

    assertThat(alert.path("whatChanged").path("events"))
        .as(alert.path("whatChanged").toString())
        .anySatisfy(
            e -> {
              assertThat(e.path("name").asText()).isEqualTo("PutSecretValue");
              assertThat(e.path("why").asText()).isEqualTo("secret DB_PASSWORD of the task");
              assertThat(e.path("principal").asText()).isEqualTo(alice.principal());
            });
    assertThat(alert.toString()).doesNotContain("rotated-by-hand");
  }

  @Test
  void aStormOfStopsDuringOneDeploymentIsOneIncidentWithTheDeploymentsOutcome() throws Exception {
    String cluster = "wc-storm";
    ecs.createCluster(r -> r.clusterName(cluster));
    String healthy = register(ecs, "orders-storm", c -> c.image(REPO + ":2025.06.1"));
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName("orders")
                .taskDefinition(healthy)
                .desiredCount(0)
                .launchType(LaunchType.FARGATE));
    String failing = register(ecsAsDeployer, "orders-storm", c -> c.image(REPO + ":2025.06.2"));
    ecsAsDeployer.updateService(r -> r.cluster(cluster).service("orders").taskDefinition(failing));
    String deploymentId = primaryDeployment(cluster, "orders");
    AwsClientFactory clients =
        fakes(healthy, "orders", ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL);

    JsonNode first = triage(stop(cluster, "orders", failing, deploymentId), clients);
    for (int i = 0; i < 24; i++) {
      ObjectNode stop = stop(cluster, "orders", failing, deploymentId);
      if (i % 2 == 0) {
        stop = exit1(stop);
      }
      assertThat(triage(stop, clients).path("status").asText()).isEqualTo("SUPPRESSED");
    }
    JsonNode outcome = triage(deploymentFailed(cluster, "orders", deploymentId), clients);
    List<JsonNode> alerts = stack.alerts(2, WAIT);

    String incident = first.path("incidentId").asText();
    assertThat(outcome.path("incidentId").asText()).isEqualTo(incident);
    assertThat(
            stack.auditItems("INCIDENT#").stream()
                .filter(i -> i.get("pk").s().contains("|" + cluster + "|"))
                .map(i -> i.get("pk").s())
                .toList())
        .containsExactly(
            "INCIDENT#000000000000|us-east-1|wc-storm|orders|DEPLOYMENT|" + deploymentId);
    assertThat(
            stack.auditItems("INCIDENT#").stream()
                .filter(i -> i.get("pk").s().contains("|" + cluster + "|"))
                .map(i -> i.get("occurrences"))
                .map(AttributeValue::n))
        .containsExactly("26");
    assertThat(alerts)
        .filteredOn(a -> a.path("incidentId").asText().equals(incident))
        .hasSize(2)
        .last()
        .satisfies(
            a ->
                assertThat(a.path("notes").toString())
                    .contains("Deployment " + deploymentId + " rolled back")
                    .doesNotContainIgnoringCase("success"));
  }

  @Test
  void theAlertGoesOutWithinItsBudgetWhenCloudTrailHangs() throws Exception {
    String cluster = "wc-budget";
    ecs.createCluster(r -> r.clusterName(cluster));
    String healthy = register(ecs, "orders-budget", c -> c.image(REPO + ":2025.06.1"));
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName("orders")
                .taskDefinition(healthy)
                .desiredCount(0)
                .launchType(LaunchType.FARGATE));
    String failing = register(ecsAsDeployer, "orders-budget", c -> c.image(REPO + ":2025.06.2"));
    ecsAsDeployer.updateService(r -> r.cluster(cluster).service("orders").taskDefinition(failing));
    String deploymentId = primaryDeployment(cluster, "orders");
    CloudTrailClient hanging =
        NarrowFakes.decorate(
            CloudTrailClient.class,
            stack.aws.client(CloudTrailClient.builder()),
            "lookupEvents",
            LookupEventsRequest.class,
            LookupEventsRequest::builder,
            request -> {
              try {
                Thread.sleep(10_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("CloudTrail did not answer");
            });
    AwsClientFactory clients =
        fakes(healthy, "orders", null).withClient(CloudTrailClient.class, hanging);

    long started = System.nanoTime();
    JsonNode result =
        triage(
            stop(cluster, "orders", failing, deploymentId),
            clients,
            Map.of("WHAT_CHANGED_BUDGET_MS", "800"));
    long millis = (System.nanoTime() - started) / 1_000_000;
    JsonNode alert = alertOf(result);
    System.out.printf(
        "what changed, CloudTrail hanging, budget 800 ms: triage took %d ms%n", millis);

    assertThat(result.path("status").asText()).isEqualTo("NOTIFIED");
    assertThat(millis).as("the alert waited %d ms", millis).isLessThan(5_000);
    JsonNode changed = alert.path("whatChanged");
    assertThat(changed.path("lead").asText())
        .as("the ECS part was read before CloudTrail hung")
        .startsWith("Started after deployment " + deploymentId + " (image 2025.06.1 → 2025.06.2)");
    assertThat(changed.path("notes").toString()).contains("not all read within 800 ms");
  }

  /**
   * The time the alert waits for what changed, measured: the whole collection (DescribeServices,
   * two DescribeTaskDefinition, the history, LookupEvents per source) against the emulator, 20
   * runs. The figures are in docs/performance.md.
   */
  @Test
  void whatChangedIsReadWellWithinItsDefaultBudget() {
    String cluster = "wc-timing";
    ecs.createCluster(r -> r.clusterName(cluster));
    String healthy = register(ecs, "orders-timing", c -> c.image(REPO + ":2025.06.1"));
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName("orders")
                .taskDefinition(healthy)
                .desiredCount(0)
                .launchType(LaunchType.FARGATE));
    String failing = register(ecsAsDeployer, "orders-timing", c -> c.image(REPO + ":2025.06.2"));
    ecsAsDeployer.updateService(r -> r.cluster(cluster).service("orders").taskDefinition(failing));
    String deploymentId = primaryDeployment(cluster, "orders");
    AwsClientFactory clients = fakes(healthy, "orders", null);
    var collector =
        new io.ecsmedic.aws.change.ChangeCollector(
            clients.client(EcsClient.class, EcsClient::builder),
            () -> clients.client(CloudTrailClient.class, CloudTrailClient::builder),
            () ->
                clients.client(
                    software.amazon.awssdk.services.ec2.Ec2Client.class,
                    software.amazon.awssdk.services.ec2.Ec2Client::builder),
            Duration.ofMinutes(60));
    var request =
        new io.ecsmedic.aws.change.ChangeCollector.Request(
            cluster, "orders", failing, deploymentId, Instant.now());

    List<Long> millis = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long started = System.nanoTime();
      var report = collector.collect(request, partial -> {});
      millis.add((System.nanoTime() - started) / 1_000_000);
      assertThat(report.deployment()).isNotNull();
    }
    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf(
        "what changed: 20 runs, min %d ms, median %d ms, max %d ms%n",
        sorted.getFirst(), sorted.get(10), sorted.getLast());
    assertThat(sorted.get(10)).as("median against the 3000 ms default budget").isLessThan(3000);
  }

  // ---- the estate ---------------------------------------------------------------------------

  private String register(
      EcsClient client,
      String family,
      java.util.function.Consumer<ContainerDefinition.Builder> container) {
    return client
        .registerTaskDefinition(
            r ->
                r.family(family)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC)
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                        c -> {
                          c.name("app").essential(true);
                          container.accept(c);
                        }))
        .taskDefinition()
        .taskDefinitionArn();
  }

  private static KeyValuePair env(String name) {
    return env(name, "x");
  }

  private static KeyValuePair env(String name, String value) {
    return KeyValuePair.builder().name(name).value(value).build();
  }

  private String primaryDeployment(String cluster, String service) {
    return ecs
        .describeServices(r -> r.cluster(cluster).services(service))
        .services()
        .getFirst()
        .deployments()
        .stream()
        .filter(d -> d.status().equals("PRIMARY"))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /**
   * ECS's deployment history as AWS would answer it: {@code healthy} (when given) last reached a
   * steady state; the newest deployment ended with {@code outcome} (when given).
   */
  private AwsClientFactory fakes(String healthy, String service, ServiceDeploymentStatus outcome) {
    EcsClient real = stack.aws.client(EcsClient.builder());
    String revision = "arn:aws:ecs:us-east-1:000000000000:service-revision/c/" + service + "/r1";
    String deploymentArn =
        "arn:aws:ecs:us-east-1:000000000000:service-deployment/c/" + service + "/d";
    EcsClient listing =
        NarrowFakes.decorate(
            EcsClient.class,
            real,
            "listServiceDeployments",
            ListServiceDeploymentsRequest.class,
            ListServiceDeploymentsRequest::builder,
            request -> {
              var b = ListServiceDeploymentsResponse.builder();
              if (healthy != null
                  && request.status().contains(ServiceDeploymentStatus.SUCCESSFUL)) {
                return b.serviceDeployments(
                        ServiceDeploymentBrief.builder()
                            .serviceDeploymentArn(deploymentArn + "-healthy")
                            .targetServiceRevisionArn(revision)
                            .status(ServiceDeploymentStatus.SUCCESSFUL)
                            .finishedAt(Instant.now().minusSeconds(3600))
                            .build())
                    .build();
              }
              return outcome == null
                  ? b.build()
                  : b.serviceDeployments(
                          ServiceDeploymentBrief.builder()
                              .serviceDeploymentArn(deploymentArn)
                              .status(outcome)
                              .build())
                      .build();
            });
    EcsClient revisions =
        NarrowFakes.decorate(
            EcsClient.class,
            listing,
            "describeServiceRevisions",
            DescribeServiceRevisionsRequest.class,
            DescribeServiceRevisionsRequest::builder,
            request ->
                DescribeServiceRevisionsResponse.builder()
                    .serviceRevisions(
                        ServiceRevision.builder()
                            .serviceRevisionArn(revision)
                            .taskDefinition(healthy)
                            .build())
                    .build());
    EcsClient history =
        NarrowFakes.decorate(
            EcsClient.class,
            revisions,
            "describeServiceDeployments",
            DescribeServiceDeploymentsRequest.class,
            DescribeServiceDeploymentsRequest::builder,
            request -> {
              String newest = lastDeployment;
              return DescribeServiceDeploymentsResponse.builder()
                  .serviceDeployments(
                      ServiceDeployment.builder()
                          .serviceDeploymentArn(deploymentArn)
                          .targetServiceRevision(
                              ServiceRevisionSummary.builder()
                                  .arn(
                                      "arn:aws:ecs:us-east-1:000000000000:service-revision/c/"
                                          + service
                                          + "/"
                                          + newest.substring(newest.indexOf('/') + 1))
                                  .build())
                          .status(outcome)
                          .build())
                  .build();
            });
    return stack.aws.clients().withClient(EcsClient.class, history);
  }

  /** The deployment the fake's history describes: the one the test's last stop came from. */
  private String lastDeployment = "";

  // ---- the events and triage ------------------------------------------------------------------

  private ObjectNode stop(
      String cluster, String service, String taskDefinition, String deployment) {
    ObjectNode e = Fixtures.event("task-state-change/oom-container-limit.json").deepCopy();
    e.put("id", "wc-" + cluster + "-" + events++);
    e.put("account", LocalAws.ACCOUNT);
    e.put("time", Instant.now().toString());
    ObjectNode d = (ObjectNode) e.get("detail");
    d.put("clusterArn", "arn:aws:ecs:us-east-1:" + LocalAws.ACCOUNT + ":cluster/" + cluster);
    d.put("group", "service:" + service);
    d.put("taskDefinitionArn", taskDefinition);
    d.put(
        "taskArn",
        "arn:aws:ecs:us-east-1:"
            + LocalAws.ACCOUNT
            + ":task/"
            + cluster
            + "/"
            + String.format("%032x", events));
    if (deployment != null) {
      d.put("startedBy", deployment);
      lastDeployment = deployment;
    } else {
      d.remove("startedBy");
    }
    return e;
  }

  /** The same stop, as an application exit 1 (another category, the same deployment). */
  private static ObjectNode exit1(ObjectNode oom) {
    ObjectNode e = Fixtures.event("task-state-change/app-exit-1.json").deepCopy();
    e.put("id", oom.path("id").asText());
    e.put("account", LocalAws.ACCOUNT);
    e.put("time", oom.path("time").asText());
    ObjectNode d = (ObjectNode) e.get("detail");
    JsonNode from = oom.get("detail");
    for (String field :
        List.of("clusterArn", "group", "taskDefinitionArn", "taskArn", "startedBy")) {
      d.set(field, from.get(field));
    }
    return e;
  }

  private ObjectNode deploymentFailed(String cluster, String service, String deploymentId) {
    ObjectNode e =
        Fixtures.event("deployment-state-change/deployment-failed-circuit-breaker.json").deepCopy();
    e.put("id", "wc-" + cluster + "-deployment");
    e.put("account", LocalAws.ACCOUNT);
    e.put("time", Instant.now().toString());
    e.putArray("resources")
        .add("arn:aws:ecs:us-east-1:" + LocalAws.ACCOUNT + ":service/" + cluster + "/" + service);
    ((ObjectNode) e.get("detail")).put("deploymentId", deploymentId);
    return e;
  }

  private JsonNode triage(JsonNode event, AwsClientFactory clients) throws Exception {
    return triage(event, clients, Map.of());
  }

  /** The deployed function's configuration, in-process, over clients with the narrow fakes. */
  private JsonNode triage(JsonNode event, AwsClientFactory clients, Map<String, String> overrides)
      throws Exception {
    String function = stack.deployment.resources().get("TriageFunction");
    Map<String, String> env = stack.functionEnvironment("TriageFunction");
    // No remediation workflow: these tests are about the alert.
    env.put("STATE_MACHINE_ARN", "");
    env.putAll(overrides);
    var handler = new io.ecsmedic.triage.TriageHandler(env, clients);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
        out,
        new LocalContext(
            function,
            "arn:aws:lambda:us-east-1:" + LocalAws.ACCOUNT + ":function:" + function,
            "req-" + event.path("id").asText(),
            System.currentTimeMillis() + 60_000));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private JsonNode alertOf(JsonNode result) throws Exception {
    String incident = result.path("incidentId").asText();
    return stack.alerts(1, WAIT).stream()
        .filter(a -> a.path("incidentId").asText().equals(incident))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alert for " + result));
  }
}
