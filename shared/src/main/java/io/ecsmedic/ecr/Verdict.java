package io.ecsmedic.ecr;

import java.util.Objects;

/**
 * What the hygiene job does with one image, and the one rule that decided it, in words an operator
 * can check against the registry ("in use by service prod/orders-api", "untagged, not in use,
 * pushed 40 days ago").
 *
 * @param delete true: the image is deleted; false: it is kept
 * @param reason the deciding rule; for a kept image, the first keep rule that applies
 */
public record Verdict(EcrImage image, boolean delete, String reason) {
  public Verdict {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The rule behind a verdict, for counting (the report's "kept by reason"). Read from the wording
   * the planner writes, so the reason string stays the single record of the decision.
   */
  public enum Kind {
    IN_USE(false, "inUse", "in use by "),
    KEPT_INDEX_CHILD(false, "indexChild", "platform image of kept index "),
    PULL_THROUGH_CACHED(false, "pullThroughCached", "cached within "),
    NEWEST_TAGGED(false, "newestTagged", "among the newest "),
    RECENT(false, "recent", "pushed "),
    /** A kept verdict with wording the planner does not write. */
    OTHER(false, "other", ""),
    DELETED_INDEX_CHILD(true, "indexChild", "platform image of deleted index "),
    PULL_THROUGH_EXPIRED(true, "pullThroughExpired", "pull-through cache copy older than "),
    /** Not in use and not protected by any keep rule. */
    UNUSED(true, "unused", "");

    private final boolean delete;
    private final String key;
    private final String prefix;

    Kind(boolean delete, String key, String prefix) {
      this.delete = delete;
      this.key = key;
      this.prefix = prefix;
    }

    public boolean delete() {
      return delete;
    }

    /** The JSON key: lowerCamel, stable. */
    public String key() {
      return key;
    }

    /** The wording every reason of this kind starts with. */
    String prefix() {
      return prefix;
    }

    static Kind of(boolean delete, String reason) {
      for (Kind k : values()) {
        if (k.delete == delete && reason.startsWith(k.prefix)) {
          return k;
        }
      }
      throw new AssertionError("every side has a catch-all kind");
    }
  }

  public Kind kind() {
    return Kind.of(delete, reason);
  }
}
