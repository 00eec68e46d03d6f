package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.aws.check.AlbFactsCollector;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.CheckResult;
import io.ecsmedic.check.CheckResult.Status;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthReasonEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The ALB 502 checklist against estates seeded in the emulator: a healthy service behind its target
 * group passes; a broken one (wrong health-check port, closed security group, 300 s deregistration
 * delay, no grace period, a crashed task) fails each of those steps with the evidence and the fix;
 * an alarm that names only the target group finds the service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlbCheckIT {
  static final String CLUSTER = "alb-check-it";

  LocalAws aws;
  EcsClient ecs;
  ElasticLoadBalancingV2Client elb;
  Ec2Client ec2;
  CheckClients clients;
  String healthyTg;
  String brokenTg;

  @BeforeAll
  void seed() {
    aws = LocalAws.fromEnv(System.getenv());
    AlbEstate estate = new AlbEstate(aws, CLUSTER);
    ecs = estate.ecs;
    elb = estate.elb;
    ec2 = estate.ec2;
    clients =
        new CheckClients(
            ecs, elb, ec2, aws.client(IamClient.builder()), aws.client(EcrClient.builder()));

    healthyTg = estate.seed("alb-ok", 8080, "traffic-port", true, 30, 60);
    elb.registerTargets(
        r -> r.targetGroupArn(healthyTg).targets(t -> t.id("10.0.1.10"), t -> t.id("10.0.2.10")));

    brokenTg = estate.seed("alb-bad", 80, "80", false, null, null);
    String task =
        ecs.listTasks(r -> r.cluster(CLUSTER).serviceName("alb-bad")).taskArns().getFirst();
    ecs.stopTask(r -> r.cluster(CLUSTER).task(task).reason("Essential container in task exited"));
  }

  static Map<String, CheckResult> byId(CheckReport report) {
    return report.results().stream()
        .collect(
            Collectors.toMap(CheckResult::id, r -> r, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Test
  void aHealthyServicePassesEveryStepAWSCanShow() {
    CheckReport report =
        new AlbFactsCollector(clients, Clock.systemUTC()).forService(CLUSTER, "alb-ok", 65);

    Map<String, CheckResult> steps = byId(report);
    assertThat(report.notes()).isEmpty();
    assertThat(steps.values())
        .filteredOn(r -> !r.id().equals("alb.grace-period"))
        .allSatisfy(
            r -> assertThat(r.status()).as(r.id() + ": " + r.evidence()).isEqualTo(Status.PASS));
    assertThat(steps.get("alb.security-group").evidence()).contains("allows sg-");
    assertThat(steps.get("alb.target-health").evidence()).isEqualTo("2 healthy targets");
    assertThat(steps.get("alb.keep-alive").evidence())
        .isEqualTo("keep-alive 65 s > idle timeout 60 s");
    // No AWS API shows how long start-up takes: a grace period is not judged without it.
    assertThat(steps.get("alb.grace-period").status()).isEqualTo(Status.UNKNOWN);
    assertThat(report.verdict()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void aBrokenServiceFailsTheStepsThatExplainIts502s() {
    CheckReport report =
        new AlbFactsCollector(clients, Clock.systemUTC()).forService(CLUSTER, "alb-bad", null);

    Map<String, CheckResult> steps = byId(report);
    assertThat(report.verdict()).isEqualTo(Status.FAIL);
    assertThat(steps.get("alb.port").evidence())
        .isEqualTo("health checks go to port 80, the container listens on 8080");
    assertThat(steps.get("alb.crashing").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("alb.crashing").evidence())
        .endsWith("newest: Essential container in task exited");
    assertThat(steps.get("alb.security-group").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("alb.security-group").fix())
        .matches(
            "aws ec2 authorize-security-group-ingress --group-id sg-\\w+ --protocol tcp --port 8080 --source-group sg-\\w+");
    assertThat(steps.get("alb.deregistration-delay").evidence())
        .isEqualTo("deregistration delay 300 s (the default)");
    assertThat(steps.get("alb.grace-period").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("alb.target-health").evidence()).isEqualTo("no targets registered");
    assertThat(steps.get("alb.path-matcher").evidence())
        .isEqualTo("no registered targets to judge");
    assertThat(steps.get("alb.keep-alive").status()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void anAlarmThatNamesOnlyTheTargetGroupFindsTheService() {
    CheckReport report =
        new AlbFactsCollector(clients, Clock.systemUTC()).forTargetGroup(brokenTg, null);

    assertThat(report.subject()).startsWith(CLUSTER + "/alb-bad targetgroup/alb-bad-tg/");
    assertThat(byId(report).get("alb.target-group").evidence()).endsWith("← service alb-bad");
    assertThat(byId(report).get("alb.port").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void aMissingTargetGroupOrServiceFailsTheFirstStepAndSaysWhich() {
    AlbFactsCollector check = new AlbFactsCollector(clients, Clock.systemUTC());
    String gone =
        healthyTg.replace("alb-ok-tg", "gone-tg").replaceAll("/[0-9a-f]+$", "/0000000000000000");

    assertThat(check.forTargetGroup(gone, null).results())
        .singleElement()
        .satisfies(r -> assertThat(r.evidence()).isEqualTo("target group " + gone + " not found"));
    assertThat(check.forService(CLUSTER, "nope", null).results().getFirst().evidence())
        .isEqualTo("service nope not found in cluster " + CLUSTER);
  }

  /**
   * The emulator reports every registered target healthy (docs/local-stack.md), so the reason codes
   * come from a narrow fake of that one read: every other call goes to the emulator.
   */
  @Test
  void unhealthyTargetReasonsFailThePathAndTimeoutSteps() {
    ElasticLoadBalancingV2Client unhealthy =
        withTargetHealth(
            elb,
            List.of(
                state(TargetHealthStateEnum.HEALTHY, null),
                state(
                    TargetHealthStateEnum.UNHEALTHY,
                    TargetHealthReasonEnum.TARGET_RESPONSE_CODE_MISMATCH),
                state(TargetHealthStateEnum.UNHEALTHY, TargetHealthReasonEnum.TARGET_TIMEOUT)));
    CheckClients faked = new CheckClients(ecs, unhealthy, ec2, clients.iam(), clients.ecr());

    Map<String, CheckResult> steps =
        byId(new AlbFactsCollector(faked, Clock.systemUTC()).forService(CLUSTER, "alb-ok", 65));

    assertThat(steps.get("alb.path-matcher").evidence())
        .isEqualTo("1 targets answer /health with a code outside 200");
    assertThat(steps.get("alb.timeout").evidence())
        .isEqualTo("1 targets time out (health-check timeout 5 s)");
    assertThat(steps.get("alb.target-health").status()).isEqualTo(Status.FAIL);
    assertThat(steps.get("alb.port").status()).isEqualTo(Status.PASS);
  }

  static TargetHealthDescription state(TargetHealthStateEnum state, TargetHealthReasonEnum reason) {
    return TargetHealthDescription.builder()
        .targetHealth(h -> h.state(state).reason(reason))
        .build();
  }

  /** The real client, except DescribeTargetHealth answers {@code targets}. */
  static ElasticLoadBalancingV2Client withTargetHealth(
      ElasticLoadBalancingV2Client real, List<TargetHealthDescription> targets) {
    return NarrowFakes.decorate(
        ElasticLoadBalancingV2Client.class,
        real,
        "describeTargetHealth",
        DescribeTargetHealthRequest.class,
        DescribeTargetHealthRequest::builder,
        request ->
            DescribeTargetHealthResponse.builder().targetHealthDescriptions(targets).build());
  }
}
