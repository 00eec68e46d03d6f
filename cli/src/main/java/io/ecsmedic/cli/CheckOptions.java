package io.ecsmedic.cli;

import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.check.CheckResult.Status;
import io.ecsmedic.json.Json;
import io.ecsmedic.plan.Runbooks;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What alb-check, exec-check and pull-check share: where AWS is, and how to print a report. */
final class CheckOptions {
  @Mixin AwsOptions aws;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: ${DEFAULT-VALUE})")
  CatalogCommand.Format output = CatalogCommand.Format.text;

  @Option(
      names = "--runbook-base",
      description = "where the runbooks live (default: ${DEFAULT-VALUE})")
  String runbookBase = Runbooks.DEFAULT_BASE;

  AwsClientFactory clients(CommandSpec spec) {
    return aws.clients(spec);
  }

  /** Prints the report; the exit status is {@link Exit#CHECK_FAILED} when a step failed. */
  int print(CommandSpec spec, CheckReport report) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (output == CatalogCommand.Format.json) {
      out.println(
          Json.MAPPER
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(
                  report
                      .toJson()
                      .put("runbook", new Runbooks(runbookBase).page(report.category()))));
    } else {
      out.print(report.text(new Runbooks(runbookBase).page(report.category())));
    }
    out.flush();
    return report.verdict() == Status.FAIL ? Exit.CHECK_FAILED : Exit.OK;
  }
}
