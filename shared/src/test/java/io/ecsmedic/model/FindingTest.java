package io.ecsmedic.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingTest {
  private static Finding elb(ResourceRef where) {
    return new Finding(
        Category.ELB_HEALTH_CHECK,
        "ALB_5XX",
        "alarm.alb-5xx",
        "502s",
        List.of(),
        List.of(),
        "https://runbooks/ELB_HEALTH_CHECK.md#alb_5xx",
        where,
        null,
        "CloudWatch Alarm State Change",
        null);
  }

  @Test
  void theFingerprintIsAccountRegionClusterServiceCategoryAndSubcause() {
    assertThat(elb(ResourceRef.service("1", "eu-west-1", "prod", "web")).fingerprint())
        .isEqualTo("1|eu-west-1|prod|web|ELB_HEALTH_CHECK|ALB_5XX");
  }

  @Test
  void anAlarmsTargetGroupStandsInForTheServiceSoTwoLoadBalancersAreTwoIncidents() {
    String a = elb(ResourceRef.targetGroup("1", "eu-west-1", "arn:tg/a", null)).fingerprint();
    String b = elb(ResourceRef.targetGroup("1", "eu-west-1", "arn:tg/b", null)).fingerprint();

    assertThat(a).isEqualTo("1|eu-west-1|-|arn:tg/a|ELB_HEALTH_CHECK|ALB_5XX");
    assertThat(a).isNotEqualTo(b);
  }
}
