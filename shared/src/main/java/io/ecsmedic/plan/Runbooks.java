package io.ecsmedic.plan;

import io.ecsmedic.model.Category;
import java.util.Locale;

/** Links a finding to its runbook section: {@code <base><CATEGORY>.md#<subcause>}. */
public final class Runbooks {
  /** Where the runbooks of the released version live; override per deployment. */
  public static final String DEFAULT_BASE =
      "https://github.com/ecs-medic/ecs-medic/blob/main/docs/runbooks/";

  private final String base;

  public Runbooks(String base) {
    this.base = base.endsWith("/") ? base : base + "/";
  }

  public static Runbooks defaults() {
    return new Runbooks(DEFAULT_BASE);
  }

  /** The category's whole runbook page. */
  public String page(Category category) {
    return base + category.name() + ".md";
  }

  /**
   * GitHub turns the heading {@code ## AUTH_PERMISSION} into the anchor {@code auth_permission}.
   */
  public String link(Category category, String subcause) {
    return base + category.name() + ".md#" + subcause.toLowerCase(Locale.ROOT);
  }
}
