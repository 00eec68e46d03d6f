package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The repository's CloudFormation templates ({@code template.yaml}, {@code member/template.yaml})
 * read as trees, for the contract tests and the IAM report. The YAML reader keeps a short-form
 * intrinsic's value and drops its tag: {@code !Ref AlertTopic} reads as {@code "AlertTopic"}.
 */
public final class Templates {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Templates() {}

  /** The template at {@code file}; a template that does not parse fails loudly. */
  public static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(file + " does not parse", e);
    }
  }

  /** The template's resources of one type, by logical id, in the template's order. */
  public static Map<String, JsonNode> resources(JsonNode template, String type) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    template
        .path("Resources")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().path("Type").asText().equals(type)) {
                out.put(e.getKey(), e.getValue());
              }
            });
    return out;
  }
}
