package io.ecsmedic.change;

/**
 * One difference between the revision that ran healthy and the one that fails.
 *
 * @param what the aspect: {@code image}, {@code command}, {@code entryPoint}, {@code env}, {@code
 *     secret}, {@code cpu}, {@code memory}, {@code memoryReservation}, {@code healthCheck}, {@code
 *     ports}, {@code logConfiguration}, {@code taskRole}, {@code executionRole}, {@code container}
 * @param container the container it is in; null for a task-level aspect
 * @param before as it was (null: absent); for {@code env} and {@code secret} a name, never a value
 * @param after as it is (null: removed)
 */
public record Change(String what, String container, String before, String after) {

  /** Short, for the alert's lead line: "image 2025.06.1 → 2025.06.2", "env +DATABASE_URL". */
  public String brief() {
    return switch (what) {
      case "env" -> after == null ? "env -" + before : "env +" + after;
      case "secret" ->
          before == null
              ? "secret +" + name(after)
              : after == null ? "secret -" + name(before) : "secret " + name(after) + " source";
      case "container" -> after == null ? "container -" + before : "container +" + after;
      case "image" ->
          "image "
              + Revisions.imageVersus(before, after)
              + " → "
              + Revisions.imageVersus(after, before);
      default -> what + " " + orNone(before) + " → " + orNone(after);
    };
  }

  /** One line with the container, for the alert's list of changes. */
  public String line() {
    String in = container == null ? "" : " (" + container + ")";
    return switch (what) {
      case "secret" ->
          "secret "
              + name(after != null ? after : before)
              + in
              + ": "
              + orNone(valueFrom(before))
              + " → "
              + orNone(valueFrom(after));
      default -> brief() + in;
    };
  }

  /** A secret is written {@code NAME=valueFrom}; its name is what people read. */
  private static String name(String secret) {
    int eq = secret.indexOf('=');
    return eq < 0 ? secret : secret.substring(0, eq);
  }

  private static String valueFrom(String secret) {
    if (secret == null) {
      return null;
    }
    int eq = secret.indexOf('=');
    return eq < 0 ? secret : secret.substring(eq + 1);
  }

  private static String orNone(String s) {
    return s == null ? "none" : s;
  }
}
