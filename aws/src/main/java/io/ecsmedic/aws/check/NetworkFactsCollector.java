package io.ecsmedic.aws.check;

import io.ecsmedic.check.NetworkFacts;
import io.ecsmedic.check.NetworkFacts.Egress;
import io.ecsmedic.check.NetworkFacts.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * Gathers {@link NetworkFacts} for a task's subnets: each subnet's effective route table (its own
 * association, else the VPC's main table), where 0.0.0.0/0 goes, and the VPC's endpoints. Three
 * kinds of read-only EC2 calls: DescribeSubnets, DescribeRouteTables, DescribeVpcEndpoints.
 */
public final class NetworkFactsCollector {
  private static final Set<String> DEAD_ENDPOINT_STATES =
      Set.of("deleted", "deleting", "failed", "rejected", "expired");

  private final Ec2Client ec2;

  public NetworkFactsCollector(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /**
   * @param assignPublicIp the task's (or service's) awsvpc setting; null when not known
   * @return null when the subnets could not be read (the note says why)
   */
  public NetworkFacts collect(
      Gather gather, String region, List<String> subnetIds, Boolean assignPublicIp) {
    if (subnetIds == null || subnetIds.isEmpty()) {
      gather.note("network: the task names no subnets");
      return null;
    }
    String vpcId =
        gather.optional(
            "subnets " + String.join(",", subnetIds),
            () -> ec2.describeSubnets(r -> r.subnetIds(subnetIds)).subnets().getFirst().vpcId());
    if (vpcId == null) {
      return null;
    }
    List<RouteTable> tables =
        gather.optional(
            "route tables of " + vpcId,
            () ->
                ec2
                    .describeRouteTablesPaginator(r -> r.filters(filter("vpc-id", vpcId)))
                    .routeTables()
                    .stream()
                    .toList());
    List<VpcEndpoint> endpoints =
        gather.optional(
            "VPC endpoints of " + vpcId,
            () ->
                ec2
                    .describeVpcEndpointsPaginator(r -> r.filters(filter("vpc-id", vpcId)))
                    .vpcEndpoints()
                    .stream()
                    .filter(e -> !DEAD_ENDPOINT_STATES.contains(lower(e.stateAsString())))
                    .toList());
    if (tables == null || endpoints == null) {
      return null;
    }
    String prefix = "com.amazonaws." + region + ".";
    Map<String, Boolean> interfaces = new LinkedHashMap<>();
    for (VpcEndpoint e : endpoints) {
      if ("Interface".equalsIgnoreCase(e.vpcEndpointTypeAsString())) {
        // AWS turns private DNS on by default for AWS services; an answer without the field is
        // taken as that default.
        interfaces.put(
            shortName(prefix, e.serviceName()),
            e.privateDnsEnabled() == null || e.privateDnsEnabled());
      }
    }
    List<Subnet> subnets = new ArrayList<>();
    for (String subnetId : subnetIds) {
      RouteTable table = effectiveTable(tables, subnetId);
      if (table == null) {
        gather.note("network: no route table found for " + subnetId);
        return null;
      }
      Set<String> gateways = new LinkedHashSet<>();
      for (VpcEndpoint e : endpoints) {
        if ("Gateway".equalsIgnoreCase(e.vpcEndpointTypeAsString())
            && e.routeTableIds().contains(table.routeTableId())) {
          gateways.add(shortName(prefix, e.serviceName()));
        }
      }
      Route defaultRoute =
          table.routes().stream()
              .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
              .filter(r -> !"blackhole".equalsIgnoreCase(r.stateAsString()))
              .findFirst()
              .orElse(null);
      subnets.add(
          new Subnet(
              subnetId,
              table.routeTableId(),
              egress(defaultRoute),
              target(defaultRoute),
              gateways));
    }
    return new NetworkFacts(region, vpcId, subnets, assignPublicIp, interfaces);
  }

  private static RouteTable effectiveTable(List<RouteTable> tables, String subnetId) {
    RouteTable main = null;
    for (RouteTable t : tables) {
      for (var a : t.associations()) {
        if (subnetId.equals(a.subnetId())) {
          return t;
        }
        if (Boolean.TRUE.equals(a.main())) {
          main = t;
        }
      }
    }
    return main;
  }

  static Egress egress(Route r) {
    if (r == null) {
      return Egress.NONE;
    }
    if (r.natGatewayId() != null || r.instanceId() != null) {
      return Egress.NAT;
    }
    if (r.gatewayId() != null && r.gatewayId().startsWith("igw-")) {
      return Egress.INTERNET_GATEWAY;
    }
    return Egress.NONE;
  }

  private static String target(Route r) {
    if (r == null) {
      return null;
    }
    if (r.natGatewayId() != null) {
      return r.natGatewayId();
    }
    if (r.instanceId() != null) {
      return r.instanceId();
    }
    return r.gatewayId() != null && r.gatewayId().startsWith("igw-") ? r.gatewayId() : null;
  }

  private static String shortName(String prefix, String serviceName) {
    return serviceName != null && serviceName.startsWith(prefix)
        ? serviceName.substring(prefix.length())
        : serviceName;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(java.util.Locale.ROOT);
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }
}
