package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Docs that run: every {@code ecs-medic} command shown in the README and docs/ (in a code block or
 * inline code) must parse with today's options, name only files that exist, and — for the offline
 * commands (diagnose, catalog, classify fed by an {@code echo}) — run and succeed. The commands
 * that call AWS are parsed, not run: their end-to-end tests live in {@code local}.
 */
class DocsExamplesIT {
  private static final Pattern INVOCATION =
      Pattern.compile(
          "(?:java -jar cli/target/ecs-medic\\.jar|(?<![\\w/-])ecs-medic)\\s+([a-z-]+)(.*)");
  private static final Pattern ECHO = Pattern.compile("echo '([^']*)'\\s*\\\\?\\s*\\|\\s*$");
  private static final Pattern FILE = Pattern.compile("[\\w./-]+\\.(json|jsonl|md|yaml)");
  private static final Set<String> OFFLINE = Set.of("diagnose", "catalog", "classify");

  /** One example: where it is, what it runs, and the standard input an {@code echo} gives it. */
  record Example(String where, String subcommand, List<String> args, String stdin) {
    @Override
    public String toString() {
      return where + ": ecs-medic " + subcommand + " " + String.join(" ", args);
    }
  }

  static Stream<Example> examples() throws IOException {
    Set<String> commands = new CommandLine(new EcsMedic()).getSubcommands().keySet();
    Path root = Fixtures.repositoryRoot();
    List<Example> out = new ArrayList<>();
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
      walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    for (Path doc : docs) {
      List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
      boolean fenced = false;
      String previous = "";
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.strip().startsWith("```")) {
          fenced = !fenced;
          previous = "";
          continue;
        }
        String joined = line;
        int n = i;
        while (joined.stripTrailing().endsWith("\\") && n + 1 < lines.size()) {
          joined = joined.stripTrailing().replaceAll("\\\\$", " ") + lines.get(++n).strip();
        }
        List<String> candidates = new ArrayList<>();
        if (fenced) {
          candidates.add(joined);
        } else {
          Matcher inline = Pattern.compile("`([^`]*ecs-medic[^`]*)`").matcher(joined);
          while (inline.find()) {
            candidates.add(inline.group(1));
          }
        }
        for (String c : candidates) {
          Matcher m = INVOCATION.matcher(c);
          boolean mentionOnly = !fenced && m.find() && m.group(2).isBlank();
          m.reset();
          if (m.find() && commands.contains(m.group(1)) && !mentionOnly) {
            String where = root.relativize(doc) + ":" + (i + 1);
            out.add(
                new Example(where, m.group(1), args(m.group(2)), stdin(c, m.start(), previous)));
          }
        }
        previous = fenced ? line : "";
        i = n;
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void parsesNamesRealFilesAndRunsWhenOffline(Example e) throws Exception {
    List<String> argv = new ArrayList<>(List.of(e.subcommand()));
    argv.addAll(e.args());
    try {
      new CommandLine(new EcsMedic()).parseArgs(argv.toArray(String[]::new));
    } catch (CommandLine.ParameterException bad) {
      throw new AssertionError(e + ": " + bad.getMessage(), bad);
    }

    for (String a : e.args()) {
      if (FILE.matcher(a).matches() && !a.contains("<")) {
        assertThat(Fixtures.repositoryRoot().resolve(a)).as(e + " names " + a).exists();
      }
    }
    boolean readsStdin = e.args().contains("-");
    boolean offline = OFFLINE.contains(e.subcommand()) && !e.args().contains("--task-arn");
    if (offline && (!readsStdin || e.stdin() != null)) {
      // Paths in the docs are relative to the repository root; the process runs elsewhere.
      String[] run =
          argv.stream()
              .map(
                  a ->
                      FILE.matcher(a).matches()
                          ? Fixtures.repositoryRoot().resolve(a).toString()
                          : a)
              .toArray(String[]::new);
      CliProcess.Result r = CliProcess.run(readsStdin ? e.stdin() : "", run);
      assertThat(r.exit()).as(e + "\n" + r.stderr()).isZero();
      assertThat(r.stdout()).as(e.toString()).isNotBlank();
    }
  }

  /**
   * The arguments as a shell would pass them, minus comments, pipes, redirects and [optional]
   * parts.
   */
  private static List<String> args(String rest) {
    String s = rest.replaceAll("\\s#.*$", "");
    s = s.replaceAll("<[^<>]*>", "placeholder"); // <AuditTableName stack output>
    s = s.replaceAll("\\(([^|()]*)\\|[^()]*\\)", "$1"); // (--task T | --service S): the first
    s = s.replaceAll("\\s[|<>].*$", ""); // pipes and redirects
    s = s.replaceAll("\\[[^\\]]*\\]", " ");
    List<String> tokens = new ArrayList<>();
    Matcher t = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(s);
    while (t.find()) {
      String token = t.group(1) != null ? t.group(1) : t.group(2) != null ? t.group(2) : t.group(3);
      // $TG_ARN and <AuditTableName stack output> stand for a value the reader supplies.
      tokens.add(token.startsWith("$") ? "placeholder" : token);
    }
    return tokens;
  }

  /** What {@code echo '...' |} feeds the command, on its line or the line before. */
  private static String stdin(String line, int commandAt, String previous) {
    Matcher m = ECHO.matcher(line.substring(0, commandAt));
    if (!m.find()) {
      m = ECHO.matcher(previous);
      if (!m.find()) {
        return null;
      }
    }
    String text = m.group(1);
    return text.contains("<paste") ? null : text + "\n";
  }
}
