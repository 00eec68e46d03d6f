package io.ecsmedic.approval;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code application/x-www-form-urlencoded} data: a query string or a form body. A parameter given
 * twice is refused rather than resolved, so nothing can be smuggled past a check that read the
 * other copy.
 */
final class FormData {
  private FormData() {}

  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * The parameters named in {@code wanted}; others are ignored.
   *
   * @throws MalformedException when a wanted parameter is given twice or cannot be decoded
   */
  static Map<String, String> parse(String encoded, Set<String> wanted) throws MalformedException {
    Map<String, String> values = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (!wanted.contains(name)) {
        continue;
      }
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (values.putIfAbsent(name, value) != null) {
        throw new MalformedException("parameter " + name + " is given more than once");
      }
    }
    return values;
  }

  private static String decode(String s) throws MalformedException {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedException("malformed percent-encoding");
    }
  }
}
