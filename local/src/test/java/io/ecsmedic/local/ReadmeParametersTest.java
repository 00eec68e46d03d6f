package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md's configuration table lists exactly the template's parameters, each with the template's
 * default: a parameter added, removed or re-defaulted without the README fails here.
 */
class ReadmeParametersTest {
  private static final Path ROOT = io.ecsmedic.testing.Fixtures.repositoryRoot();

  /** A table row: {@code | `Name` | `default` or (empty) | what it does |}. */
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9]+)` \\| ([^|]*) \\|");

  /** What the README shows for a parameter's default. */
  private static String shown(JsonNode parameter) {
    String value = parameter.path("Default").asText();
    return value.isEmpty() ? "(empty)" : "`" + value + "`";
  }

  @Test
  void theConfigurationTableListsEveryParameterWithItsDefault() throws Exception {
    JsonNode parameters = Templates.read(ROOT.resolve("template.yaml")).path("Parameters");
    Map<String, String> inTemplate = new LinkedHashMap<>();
    parameters.fields().forEachRemaining(e -> inTemplate.put(e.getKey(), shown(e.getValue())));

    Map<String, String> inReadme = configurationTable(Files.readString(ROOT.resolve("README.md")));

    assertThat(inReadme.keySet())
        .as("README.md, ## Configuration: one row per template parameter, no other rows")
        .containsExactlyInAnyOrderElementsOf(inTemplate.keySet());
    assertThat(inReadme).as("defaults in README.md agree with template.yaml").isEqualTo(inTemplate);
  }

  private static Map<String, String> configurationTable(String readme) {
    int start = readme.indexOf("\n## Configuration\n");
    assertThat(start).as("README.md has a ## Configuration section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : section.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        assertThat(rows.put(m.group(1), m.group(2).strip())).as("row " + m.group(1)).isNull();
      }
    }
    return rows;
  }
}
