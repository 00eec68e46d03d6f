package io.ecsmedic.triage;

import io.ecsmedic.aws.change.ChangeBudget;
import io.ecsmedic.aws.change.ChangeCollector;
import io.ecsmedic.change.ChangeReport;
import java.util.Optional;

/**
 * What changed before a new incident's failure, for the alert to lead with. Evidence, never a
 * reason to hold the alert: the real one answers within its budget ({@link ChangeBudget}) and never
 * throws.
 */
interface WhatChanged {
  WhatChanged NONE = request -> Optional.empty();

  Optional<ChangeReport> explain(ChangeCollector.Request request);

  static WhatChanged within(ChangeBudget budget) {
    return request -> Optional.of(budget.collect(request));
  }
}
