package io.ecsmedic.posture;

import java.util.List;

/**
 * A scan against an earlier one: "new since last week" and what was fixed since.
 *
 * @param since the earlier scan's {@code scannedAt}
 * @param added FAILs now that were not FAILs then ({@code cluster/service rule})
 * @param resolved FAILs then that are not FAILs now (fixed, muted, or the service is gone)
 */
public record ScanDiff(String since, List<String> added, List<String> resolved) {
  public ScanDiff {
    added = List.copyOf(added);
    resolved = List.copyOf(resolved);
  }
}
