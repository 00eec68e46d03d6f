package io.ecsmedic.bench;

import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.EcsInput;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.event.InvalidInputException;
import io.ecsmedic.model.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread classification over the fixture mix of events/ (the valid fixtures, round robin).
 * {@code classify} starts from a parsed input (the Lambda's hot path after parsing); {@code
 * parseAndClassify} starts from the JSON text (the CLI's per-line work). See docs/performance.md
 * for the command and the figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ClassifierBenchmark {
  @Param("events")
  public String events;

  /**
   * {@code typical}: every fixture up to 16 KB (real ECS events are 1–5 KB); {@code all}: also the
   * 100 KB hostile log paste, which dominates the text scanned when included.
   */
  @Param({"typical", "all"})
  public String mix;

  private Classifier classifier;
  private InputParser parser;
  private List<EcsInput> inputs;
  private List<String> texts;
  private int next;

  @Setup
  public void load() throws IOException, InvalidInputException {
    classifier = Classifier.bundled();
    parser = new InputParser();
    inputs = new ArrayList<>();
    texts = new ArrayList<>();
    Path root = Path.of(events);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        if (p.startsWith(root.resolve("invalid"))) {
          continue;
        }
        if (mix.equals("typical") && Files.size(p) > 16 * 1024) {
          continue;
        }
        String text = Files.readString(p);
        inputs.add(parser.parse(text));
        texts.add(text);
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalStateException("no fixtures under " + root.toAbsolutePath());
    }
  }

  @Benchmark
  public Finding classify() {
    EcsInput input = inputs.get(next);
    next = (next + 1) % inputs.size();
    return classifier.classify(input);
  }

  @Benchmark
  public Finding parseAndClassify() throws InvalidInputException {
    String text = texts.get(next);
    next = (next + 1) % texts.size();
    return classifier.classify(parser.parse(text));
  }
}
