package io.ecsmedic.cli;

import io.ecsmedic.classify.Classifier;
import io.ecsmedic.classify.SignatureCatalog;
import io.ecsmedic.plan.Runbooks;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code diagnose}: a report for a person. Groups the inputs into incidents and says, for each,
 * what happened, why (the evidence), the fix with the exact command, and the runbook.
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    header = "Diagnose ECS failure signals for a person: what happened, why, the fix, the runbook.",
    description = {
      "Diagnose ECS failure signals for a person: what happened, why, the fix, the " + "runbook.",
      "Reads JSON Lines or one pretty-printed JSON event per file; - reads stdin; "
          + "--task-arn reads a task from ECS."
    })
final class DiagnoseCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "event files, or - for stdin")
  List<String> inputs = List.of();

  @Option(
      names = "--task-arn",
      paramLabel = "ARN",
      description = "read this task from ECS (describe-tasks) and diagnose it; repeatable")
  List<String> taskArns = List.of();

  @Mixin AwsOptions aws;

  @Option(
      names = {"-o", "--output"},
      description = "text, json or markdown (default: ${DEFAULT-VALUE})")
  Report.Format output = Report.Format.text;

  @Option(
      names = "--color",
      description = "auto (only on a terminal, and not with NO_COLOR), always or never")
  String color = "auto";

  @Option(names = "--runbook-base", paramLabel = "URL", description = "Base URL of the runbooks")
  String runbookBase = Runbooks.DEFAULT_BASE;

  @Override
  public Integer call() throws Exception {
    Diagnosis diagnosis =
        new Diagnosis(new Classifier(SignatureCatalog.bundled(), new Runbooks(runbookBase)));
    if (inputs.isEmpty() && taskArns.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give FILE(s), - for stdin, or --task-arn");
    }
    PrintWriter err = spec.commandLine().getErr();
    int status = Exit.OK;
    if (!taskArns.isEmpty()) {
      try (var ecs = LiveTasks.client(aws, spec, taskArns)) {
        for (int i = 0; i < taskArns.size(); i++) {
          try {
            String document = LiveTasks.describe(ecs, taskArns.get(i));
            diagnosis.add(taskArns.get(i), new LineReader.Line(1, document, null));
          } catch (LiveTasks.UnreadableTaskException e) {
            err.println("ecs-medic diagnose: " + e.getMessage());
            status = Exit.UNREADABLE_INPUT;
          }
        }
      }
    }
    for (String name : inputs) {
      InputSource source = new InputSource(name);
      try {
        source.forEachLine(line -> diagnosis.add(source.isStdin() ? "stdin" : name, line));
      } catch (InputSource.UnreadableInputException e) {
        err.println("ecs-medic diagnose: " + e.getMessage());
        status = Exit.UNREADABLE_INPUT;
      }
    }
    if (diagnosis.inputs() == 0 && status != Exit.OK) {
      return status; // nothing could be read: the error says why, an empty report adds nothing
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(new Report(output, useColor()).render(diagnosis));
    out.flush();
    return status;
  }

  private boolean useColor() {
    return switch (color) {
      case "always" -> true;
      case "never" -> false;
      default -> System.getenv("NO_COLOR") == null && Terminal.isInteractive();
    };
  }
}
