package io.ecsmedic.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The audit table that holds the approvals: {@code --table}, else $ECS_MEDIC_AUDIT_TABLE. */
final class ApprovalTableOption {
  @Option(
      names = "--table",
      description = "the AuditTableName stack output (default: $ECS_MEDIC_AUDIT_TABLE)")
  String table = System.getenv("ECS_MEDIC_AUDIT_TABLE");

  /** The table name, or a usage error when none is given. */
  String name(CommandSpec spec) {
    if (table == null || table.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "no audit table: pass --table or set ECS_MEDIC_AUDIT_TABLE");
    }
    return table;
  }
}
