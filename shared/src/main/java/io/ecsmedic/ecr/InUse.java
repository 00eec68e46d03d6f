package io.ecsmedic.ecr;

import java.util.Objects;

/**
 * Something that needs an image: a service (at any desired count, and the deployment a rollback
 * would return to), a running or recently stopped task, an EventBridge rule or Scheduler schedule
 * that runs tasks, a Lambda container-image function.
 *
 * @param usedBy who, for the report: e.g. "service prod/orders-api (desired 0)"
 */
public record InUse(ImageRef ref, String usedBy) {
  public InUse {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(usedBy, "usedBy");
  }
}
