package io.ecsmedic.classify;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The free-text half of a signature: phrases are stable substrings (case-insensitive), never whole
 * messages, because ECS has changed its wording over the years.
 *
 * <p>The rule is a conjunction of groups: every group needs at least one of its phrases somewhere
 * in the input's text fields. In the catalogue, {@code anyOf: [a, b]} is one group, and each entry
 * of {@code allOf} is a group of its own (a string) or of alternatives (an array), so "a pull error
 * AND a network error" reads {@code allOf: [["cannotpullcontainer", "pull image"], ["i/o timeout",
 * "dial tcp"]]}.
 *
 * @param groups each needs one hit; at least one group, so every rule has a literal anchor
 * @param noneOf none may occur
 * @param regex optional; must also find a match, evaluated only after the phrases pass
 */
public record TextRule(List<List<String>> groups, List<String> noneOf, Pattern regex) {
  public TextRule {
    groups = groups.stream().map(List::copyOf).toList();
    noneOf = List.copyOf(noneOf);
    if (groups.isEmpty() || groups.stream().anyMatch(List::isEmpty)) {
      throw new IllegalArgumentException(
          "a text rule needs at least one non-empty anyOf or allOf group");
    }
  }
}
