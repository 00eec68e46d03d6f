package io.ecsmedic.model;

import java.util.Objects;

/**
 * Another reading of the same input, less likely than the finding's own: a lower-priority signature
 * that also fired, or the next category the words point to.
 *
 * @param category its category
 * @param subcause one of the category's sub-causes
 * @param why one line: the signature and phrase, or the words, that support it
 */
public record Alternative(Category category, String subcause, String why) {
  public Alternative {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(subcause, "subcause");
    Objects.requireNonNull(why, "why");
    if (!category.allows(subcause)) {
      throw new IllegalArgumentException(category + " has no sub-cause " + subcause);
    }
  }
}
