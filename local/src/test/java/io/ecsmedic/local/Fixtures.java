package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads events/ fixtures and the manifest's expected outcome for the end-to-end tests. */
final class Fixtures {
  static final Path ROOT = Path.of(System.getProperty("ecsmedic.root"));

  static JsonNode event(String fixture) {
    try {
      return Json.MAPPER.readTree(Files.readString(ROOT.resolve("events").resolve(fixture)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "CATEGORY/SUBCAUSE" by fixture path, from the table in events/README.md. */
  static Map<String, String> expected() {
    Map<String, String> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(ROOT.resolve("events/README.md"))) {
        String[] cells = line.split("\\|");
        if (line.startsWith("| ") && cells.length >= 4) {
          out.put(cells[1].trim(), cells[2].trim() + "/" + cells[3].trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private Fixtures() {}
}
