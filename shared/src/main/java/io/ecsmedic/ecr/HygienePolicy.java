package io.ecsmedic.ecr;

import java.time.Duration;
import java.util.List;

/**
 * What the hygiene job keeps besides every image in use.
 *
 * @param keepNewestTagged per repository, the newest N tagged images are kept
 * @param keepPushedWithin anything pushed more recently is kept
 * @param pullThroughPrefixes repositories whose name starts with one of these are pull-through
 *     caches: their own rule applies (keep what is in use or was cached within {@code
 *     pullThroughKeep}; no newest-N, since every image there is an upstream tag)
 * @param pullThroughKeep the cache window of pull-through repositories
 */
public record HygienePolicy(
    int keepNewestTagged,
    Duration keepPushedWithin,
    List<String> pullThroughPrefixes,
    Duration pullThroughKeep) {
  public HygienePolicy {
    if (keepNewestTagged < 0) {
      throw new IllegalArgumentException("keepNewestTagged must be 0 or more");
    }
    pullThroughPrefixes = List.copyOf(pullThroughPrefixes);
  }

  public boolean isPullThrough(String repository) {
    return pullThroughPrefixes.stream().anyMatch(repository::startsWith);
  }
}
