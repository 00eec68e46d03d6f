package io.ecsmedic.check;

import io.ecsmedic.check.NetworkFacts.Egress;
import io.ecsmedic.check.NetworkFacts.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Can the task's subnets reach a set of AWS services? A subnet does when its default route goes to
 * a NAT, or to an internet gateway and the task has a public IP, or when every service has an
 * interface endpoint with private DNS (and, for image layers, the route table has the S3 gateway
 * endpoint). Pure; used by the image-pull path check and the ECS Exec doctor.
 */
public final class NetworkCheck {
  private NetworkCheck() {}

  /**
   * @param services short endpoint names the task needs, e.g. {@code ecr.api}, {@code ecr.dkr}
   * @param needsS3Gateway image layers come from S3: without egress the route table needs the S3
   *     gateway endpoint
   */
  public static CheckResult reach(
      CheckStep check, NetworkFacts f, List<String> services, boolean needsS3Gateway) {
    if (f == null || f.subnets() == null || f.subnets().isEmpty()) {
      return CheckResult.unknown(check, "the task's subnets and route tables could not be read");
    }
    List<String> fine = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    Set<String> missingInterface = new LinkedHashSet<>();
    Set<String> routeTablesWithoutS3 = new LinkedHashSet<>();
    for (Subnet s : f.subnets()) {
      if (s.egress() == Egress.NAT) {
        fine.add(s.subnetId() + " → " + s.egressTarget());
        continue;
      }
      if (s.egress() == Egress.INTERNET_GATEWAY && Boolean.TRUE.equals(f.assignPublicIp())) {
        fine.add(s.subnetId() + " → " + s.egressTarget() + " with a public IP");
        continue;
      }
      if (s.egress() == Egress.INTERNET_GATEWAY && f.assignPublicIp() == null) {
        return CheckResult.unknown(
            check,
            s.subnetId()
                + " routes to "
                + s.egressTarget()
                + "; whether the task gets a public IP is not known");
      }
      List<String> missing = new ArrayList<>();
      for (String service : services) {
        if (f.interfaceEndpoints() == null
            || !Boolean.TRUE.equals(f.interfaceEndpoints().get(service))) {
          missing.add(service);
          missingInterface.add(service);
        }
      }
      if (needsS3Gateway
          && (s.gatewayEndpoints() == null || !s.gatewayEndpoints().contains("s3"))) {
        missing.add("s3 (gateway)");
        routeTablesWithoutS3.add(s.routeTableId());
      }
      String why =
          s.egress() == Egress.INTERNET_GATEWAY
              ? s.subnetId() + " is public (" + s.egressTarget() + ") but the task has no public IP"
              : s.subnetId() + " has no NAT or internet route";
      if (missing.isEmpty()) {
        fine.add(s.subnetId() + " through VPC endpoints");
      } else {
        broken.add(why + ", and no endpoint for " + String.join(", ", missing));
      }
    }
    if (broken.isEmpty()) {
      return CheckResult.pass(check, String.join("; ", fine));
    }
    return CheckResult.fail(
        check, String.join("; ", broken), fix(f, missingInterface, routeTablesWithoutS3));
  }

  private static String fix(NetworkFacts f, Set<String> interfaces, Set<String> routeTables) {
    String region = f.region() == null ? "<region>" : f.region();
    String vpc = f.vpcId() == null ? "<vpc-id>" : f.vpcId();
    List<String> subnets = f.subnets().stream().map(Subnet::subnetId).toList();
    List<String> lines = new ArrayList<>();
    lines.add(
        "give the tasks a NAT route (private subnets) or assignPublicIp=ENABLED (public subnets), or create the endpoints:");
    for (String service : interfaces) {
      lines.add(
          "aws ec2 create-vpc-endpoint --vpc-id "
              + vpc
              + " --vpc-endpoint-type Interface --service-name com.amazonaws."
              + region
              + "."
              + service
              + " --subnet-ids "
              + String.join(" ", subnets)
              + " --security-group-ids <sg allowing 443 from the tasks> --private-dns-enabled");
    }
    if (!routeTables.isEmpty()) {
      lines.add(
          "aws ec2 create-vpc-endpoint --vpc-id "
              + vpc
              + " --vpc-endpoint-type Gateway --service-name com.amazonaws."
              + region
              + ".s3 --route-table-ids "
              + String.join(" ", routeTables));
    }
    return String.join("\n", lines);
  }
}
