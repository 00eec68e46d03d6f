package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hostile input through the real jar: every field of every fixture event given the wrong type, deep
 * nesting, huge numbers, long white-space runs, a BOM, NUL, invalid UTF-8, truncations and random
 * bytes. Whatever arrives, {@code classify} writes exactly one JSON line per input line, in order,
 * never an internal error, and an error that names the field it could not read. (That the parsing
 * runs in linear time is shown by InputParserTest, which counts the characters each pattern reads,
 * not by a timer.)
 */
class ClassifyFuzzIT {
  private static final Path EVENTS = Fixtures.root();
  private static final int MIN_LINES = 10_000;

  /** One hostile line, and the field its error must name when it is rejected (or null). */
  record Case(byte[] line, String mustName) {}

  @Test
  void everyHostileLineGetsExactlyOneSpecificAnswer() throws Exception {
    List<Case> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(MIN_LINES);
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    for (Case c : cases) {
      in.write(c.line());
      in.write('\n');
    }

    CliProcess.Result r = CliProcess.run(in.toByteArray(), "classify", "-");

    assertThat(r.exit()).isZero();
    List<String> out = r.lines();
    assertThat(out).hasSize(cases.size());
    for (int i = 0; i < out.size(); i++) {
      JsonNode answer = Json.MAPPER.readTree(out.get(i));
      String input = new String(cases.get(i).line(), StandardCharsets.UTF_8);
      String what = "line " + (i + 1) + ": " + input.substring(0, Math.min(160, input.length()));
      if (answer.has("error")) {
        assertThat(answer.get("line").asLong()).as(what).isEqualTo(i + 1);
        assertThat(answer.get("error").asText()).as(what).isNotBlank().doesNotContain("internal");
        if (cases.get(i).mustName() != null) {
          assertThat(answer.get("error").asText()).as(what).contains(cases.get(i).mustName());
        }
      } else {
        assertThat(answer.get("category").asText()).as(what).isNotBlank();
        assertThat(answer.get("confidence").asText()).as(what).isIn("high", "medium", "low");
      }
    }
  }

  private static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    List<JsonNode> events = fixtureEvents();
    // 1. Every field of every event, in turn, of each wrong type.
    JsonNode[] wrong = {
      Json.MAPPER.createObjectNode().put("x", 1),
      Json.MAPPER.createArrayNode().add("a"),
      Json.MAPPER.getNodeFactory().numberNode(new java.math.BigDecimal("1e400")),
      Json.MAPPER.getNodeFactory().textNode("\u0000 \uFEFF" + " ".repeat(200)),
      Json.MAPPER.getNodeFactory().booleanNode(true),
      Json.MAPPER.getNodeFactory().nullNode()
    };
    for (JsonNode event : events) {
      List<List<String>> paths = new ArrayList<>();
      collectPaths(event, new ArrayList<>(), paths);
      for (List<String> path : paths) {
        for (JsonNode value : wrong) {
          ObjectNode copy = event.deepCopy();
          set(copy, path, value);
          cases.add(new Case(bytes(copy.toString()), mustName(path, value)));
        }
      }
    }
    // 2. Shapes no event has.
    Random random = new Random(20261206);
    StringBuilder deep = new StringBuilder();
    deep.append("[".repeat(5_000)).append("]".repeat(5_000));
    cases.add(new Case(bytes(deep.toString()), null));
    cases.add(
        new Case(
            bytes("{\"message\": " + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_001)), null));
    cases.add(new Case(bytes("{\"message\": \"exit code" + " ".repeat(80_000) + "137\"}"), null));
    cases.add(
        new Case(
            bytes("\uFEFF{\"message\": \"CannotPullContainerError: toomanyrequests\"}"), null));
    cases.add(new Case(bytes("{\"message\": \"a\\u0000b exit code 1\"}"), null));
    cases.add(
        new Case(bytes("{\"tasks\": [" + "{\"taskArn\": \"a\"},".repeat(500) + "{}]}"), null));
    cases.add(new Case(bytes("{\"services\": 12}"), null));
    cases.add(
        new Case(
            bytes(
                "{\"detail-type\": \"ECS Task State Change\", \"detail\": {\"containers\": [{\"exitCode\": 99999999999999999999}]}}"),
            "exitCode"));
    while (cases.size() < MIN_LINES + 200) {
      JsonNode event = events.get(random.nextInt(events.size()));
      String text = event.toString();
      switch (random.nextInt(4)) {
        case 0 ->
            cases.add(new Case(bytes(text.substring(0, random.nextInt(text.length()))), null));
        case 1 -> {
          byte[] b = bytes(text);
          b[random.nextInt(b.length)] = (byte) (0x80 + random.nextInt(0x40)); // invalid UTF-8
          cases.add(new Case(b, null));
        }
        case 2 -> {
          byte[] b = new byte[1 + random.nextInt(200)];
          random.nextBytes(b);
          for (int k = 0; k < b.length; k++) {
            if (b[k] == '\n' || b[k] == '\r') {
              b[k] = ' ';
            }
          }
          cases.add(new Case(b, null));
        }
        default -> {
          String message = event.path("detail").path("stoppedReason").asText("exit code 1");
          String hostile =
              message.replace(" ", "\n" + " ".repeat(random.nextInt(60)))
                  + "\u2502\u2718\u001b[31m".repeat(random.nextInt(5));
          cases.add(
              new Case(
                  bytes(Json.MAPPER.createObjectNode().put("message", hostile).toString()), null));
        }
      }
    }
    return cases;
  }

  /**
   * The field an error must name: the parser checks the types of the fields it reads; a field it
   * does not read is free to hold anything, and null is "absent".
   */
  private static String mustName(List<String> path, JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    String last = path.getLast();
    boolean objectExpected =
        List.of("detail", "overrides", "requestParameters", "state", "configuration")
            .contains(last);
    if (path.size() == 1 && last.equals("detail-type")) {
      return value.isTextual() ? null : "detail-type";
    }
    if (path.size() == 1 && last.equals("detail")) {
      return "detail";
    }
    boolean text =
        List.of(
                "stoppedReason",
                "stopCode",
                "lastStatus",
                "taskArn",
                "group",
                "eventName",
                "reason",
                "errorCode",
                "errorMessage")
            .contains(last);
    if (path.size() == 2 && path.getFirst().equals("detail") && text) {
      return value.isTextual() || value.isNumber() ? null : "detail." + last;
    }
    if (path.size() == 2 && path.getFirst().equals("detail") && last.equals("containers")) {
      return value.isArray() ? null : "detail.containers";
    }
    if (path.size() == 2 && path.getFirst().equals("detail") && objectExpected) {
      return value.isObject() ? null : "detail." + last;
    }
    return null;
  }

  private static List<JsonNode> fixtureEvents() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(EVENTS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        if (f.toString().contains("/invalid/")) {
          continue;
        }
        JsonNode node = Json.MAPPER.readTree(f.toFile());
        if (node.isObject()) {
          out.add(node);
        }
      }
    }
    return out;
  }

  private static void collectPaths(JsonNode node, List<String> prefix, List<List<String>> out) {
    if (!node.isObject() || prefix.size() > 3) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> path = new ArrayList<>(prefix);
      path.add(e.getKey());
      out.add(path);
      collectPaths(e.getValue(), path, out);
    }
  }

  private static void set(ObjectNode root, List<String> path, JsonNode value) {
    JsonNode node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.get(path.get(i));
    }
    ((ObjectNode) node).set(path.getLast(), value);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
