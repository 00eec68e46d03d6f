package io.ecsmedic.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The ecs-medic command line. Each subcommand is a small class; this one only wires them. */
@Command(
    name = "ecs-medic",
    mixinStandardHelpOptions = true,
    version = "ecs-medic 0.1.0",
    description = "Tells an on-call engineer what broke in Amazon ECS / Fargate, why, and the fix.",
    subcommands = {
      ClassifyCommand.class,
      DiagnoseCommand.class,
      CatalogCommand.class,
      EcrPlanCommand.class,
      EcrApplyCommand.class,
      HistoryCommand.class,
      ShowCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      AlbCheckCommand.class,
      PullCheckCommand.class,
      ExecCheckCommand.class,
      ScanCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EcsMedic implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EcsMedic());
    cli.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    return cli;
  }
}
