package io.ecsmedic.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.classify.SignatureCatalog;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.plan.Runbooks;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code classify}: the contract of docs/taxonomy.md ("The classify contract"). JSON Lines in,
 * exactly one JSON line out per input line, in order; a bad line yields {@code {"error": ...,
 * "line": N}} and processing goes on. A describe-tasks line with several tasks is still one line
 * out: the finding that speaks for it, with every task's finding in {@code findings}.
 */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    header = "Classify ECS failure signals: one JSON finding per input line.",
    description = {
      "Classify ECS failure signals: one JSON document per input line (an EventBridge "
          + "event, aws ecs describe-tasks / describe-services output, a task object, or "
          + "{\"message\": \"...\"}), one JSON finding per output line, in order.",
      "Exit status is non-zero only when an input cannot be read at all."
    })
final class ClassifyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "JSON Lines files, or - for stdin")
  List<String> inputs = List.of();

  @Option(
      names = "--task-arn",
      paramLabel = "ARN",
      description = {
        "read this task from ECS (describe-tasks) and classify it; repeatable.",
        "Credentials: the AWS CLI's chain (--profile, environment, SSO, instance role)."
      })
  List<String> taskArns = List.of();

  @Mixin AwsOptions aws;

  @Option(
      names = "--runbook-base",
      paramLabel = "URL",
      description = "Base URL of the runbooks (default: ${DEFAULT-VALUE})")
  String runbookBase = Runbooks.DEFAULT_BASE;

  @Override
  public Integer call() throws IOException {
    if (inputs.isEmpty() && taskArns.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give FILE(s), - for stdin, or --task-arn");
    }
    Classifier classifier = new Classifier(SignatureCatalog.bundled(), new Runbooks(runbookBase));
    InputParser parser = new InputParser();
    int status = Exit.OK;
    Writer out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    try {
      if (!taskArns.isEmpty()) {
        status = classifyLive(classifier, parser, out);
      }
      for (String name : inputs) {
        InputSource source = new InputSource(name);
        try {
          source.forEachLine(
              line -> {
                Diagnosis.Result r = Diagnosis.classify(classifier, parser, line);
                ObjectNode json =
                    r.finding() != null
                        ? FindingJson.toJson(r.finding())
                        : FindingJson.error(r.error(), line.number());
                if (r.findings() != null && r.findings().size() > 1) {
                  var all = json.putArray("findings");
                  r.findings().forEach(f -> all.add(FindingJson.toJson(f)));
                }
                if (r.finding() == null && !source.isStdin()) {
                  json.put("file", name);
                }
                out.write(Json.MAPPER.writeValueAsString(json));
                out.write('\n');
              });
        } catch (InputSource.UnreadableInputException e) {
          out.flush();
          spec.commandLine().getErr().println("ecs-medic classify: " + e.getMessage());
          status = Exit.UNREADABLE_INPUT;
        }
      }
    } finally {
      out.flush();
    }
    return status;
  }

  /** One line per --task-arn: its finding, or why the task could not be read (exit 2). */
  private int classifyLive(Classifier classifier, InputParser parser, Writer out)
      throws IOException {
    int status = Exit.OK;
    try (var ecs = LiveTasks.client(aws, spec, taskArns)) {
      for (int i = 0; i < taskArns.size(); i++) {
        String arn = taskArns.get(i);
        ObjectNode json;
        try {
          String document = LiveTasks.describe(ecs, arn);
          Diagnosis.Result r =
              Diagnosis.classify(classifier, parser, new LineReader.Line(i + 1, document, null));
          json =
              r.finding() != null
                  ? FindingJson.toJson(r.finding())
                  : FindingJson.error(r.error(), i + 1);
        } catch (LiveTasks.UnreadableTaskException e) {
          json = FindingJson.error(e.getMessage(), i + 1);
          status = Exit.UNREADABLE_INPUT;
        }
        json.put("taskArn", arn);
        out.write(Json.MAPPER.writeValueAsString(json));
        out.write('\n');
      }
    }
    return status;
  }
}
