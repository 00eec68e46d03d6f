package io.ecsmedic.check;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a task's network reaches AWS services, gathered from EC2 (subnets, route tables, VPC
 * endpoints) by {@code NetworkFactsCollector}. Shared by the image-pull path check and the ECS Exec
 * doctor. Every field may be null: the step that needs it then says UNKNOWN.
 *
 * @param region for the endpoint service names in fixes ({@code com.amazonaws.<region>.ecr.dkr})
 * @param vpcId the task's VPC
 * @param subnets one entry per subnet of the task (awsvpc) or of its instance
 * @param assignPublicIp whether the task gets a public IP (awsvpc {@code assignPublicIp})
 * @param interfaceEndpoints the VPC's interface endpoints by short service name ({@code ecr.api},
 *     {@code ecr.dkr}, {@code logs}, {@code ssmmessages}, ...) → whether private DNS is on
 */
public record NetworkFacts(
    String region,
    String vpcId,
    List<Subnet> subnets,
    Boolean assignPublicIp,
    Map<String, Boolean> interfaceEndpoints) {

  /** Where a subnet's default route (0.0.0.0/0) goes. */
  public enum Egress {
    /** A NAT gateway or NAT instance: reaches public AWS endpoints without a public IP. */
    NAT,
    /** An internet gateway: reaches them only with a public IP. */
    INTERNET_GATEWAY,
    /** No default route (or one to something else, such as a peering): endpoints only. */
    NONE
  }

  /**
   * @param routeTableId the route table in effect (explicit association, else the VPC's main one)
   * @param egress where the default route goes
   * @param egressTarget the id it goes to ({@code nat-…}, {@code igw-…}), null for NONE
   * @param gatewayEndpoints short names of gateway endpoints on the route table ({@code s3}, {@code
   *     dynamodb})
   */
  public record Subnet(
      String subnetId,
      String routeTableId,
      Egress egress,
      String egressTarget,
      Set<String> gatewayEndpoints) {}
}
