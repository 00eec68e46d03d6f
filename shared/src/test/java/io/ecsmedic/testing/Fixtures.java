package io.ecsmedic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fixture corpus in events/ and its manifest, the table in events/README.md. The corpus is the
 * repository's events/ folder (system property {@code ecsmedic.root}, set by the build), so tests
 * read exactly what the demo replays.
 */
public final class Fixtures {
  /** One manifest row: a fixture file and what it must classify as (or, for ERROR, fail with). */
  public record Row(String fixture, String category, String subcause, String source) {
    @Override
    public String toString() {
      return fixture;
    }

    public boolean isError() {
      return "ERROR".equals(category);
    }
  }

  private Fixtures() {}

  /** The repository's root folder: every test finds fixtures, corpus and templates from here. */
  public static Path repositoryRoot() {
    String root = System.getProperty("ecsmedic.root");
    return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
  }

  /** The events/ folder. */
  public static Path root() {
    return repositoryRoot().resolve("events");
  }

  /** The bundled incident scenario (JSON Lines) that {@code make diagnose} reads. */
  public static Path scenario() {
    return root().resolve("scenario/incident.jsonl");
  }

  public static Path path(String fixture) {
    return root().resolve(fixture);
  }

  public static String read(String fixture) {
    try {
      return Files.readString(path(fixture), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of the manifest table, in file order. */
  public static List<Row> manifest() {
    List<Row> rows = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(root().resolve("README.md"), StandardCharsets.UTF_8)) {
        if (!line.startsWith("| ") || line.startsWith("| fixture ")) {
          continue;
        }
        String[] cells = line.split("\\|");
        if (cells.length < 5 || cells[1].isBlank() || cells[1].trim().startsWith("---")) {
          continue;
        }
        rows.add(new Row(cells[1].trim(), cells[2].trim(), cells[3].trim(), cells[4].trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  public static Stream<Row> valid() {
    return manifest().stream().filter(r -> !r.isError());
  }

  public static Stream<Row> invalid() {
    return manifest().stream().filter(Row::isError);
  }

  /** Every file under events/ that the manifest must list. */
  public static List<String> files() {
    try (Stream<Path> walk = Files.walk(root())) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root().relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals("README.md") && !p.startsWith("scenario/"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
