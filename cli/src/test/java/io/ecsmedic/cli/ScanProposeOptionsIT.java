package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code scan --propose} refuses what it cannot propose before it reads or starts anything: an
 * unknown rule, no single cluster and service, no state machine. (Proposing against AWS is
 * PostureProposalIT's, in the emulator.)
 */
class ScanProposeOptionsIT {
  static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:remediation";

  @Test
  void anUnknownRuleIsAUsageError() throws Exception {
    CliProcess.Result r =
        CliProcess.run(
            "", "scan", "--propose", "posture.nope", "--cluster", "prod", "--service", "web");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("--propose: no posture rule posture.nope");
  }

  @Test
  void itNeedsOneClusterAndAService() throws Exception {
    CliProcess.Result noService =
        CliProcess.run(
            "",
            "scan",
            "--propose",
            "posture.circuit-breaker",
            "--cluster",
            "prod",
            "--state-machine-arn",
            SM);
    CliProcess.Result twoClusters =
        CliProcess.run(
            "",
            "scan",
            "--propose",
            "posture.circuit-breaker",
            "--cluster",
            "a",
            "--cluster",
            "b",
            "--service",
            "web",
            "--state-machine-arn",
            SM);

    assertThat(noService.exit()).isEqualTo(2);
    assertThat(noService.stderr()).contains("--propose needs one --cluster and --service");
    assertThat(twoClusters.exit()).isEqualTo(2);
    assertThat(twoClusters.stderr()).contains("--propose needs one --cluster and --service");
  }

  @Test
  void itNeedsTheStateMachine() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("ECS_MEDIC_STATE_MACHINE_ARN", null);

    CliProcess.Result r =
        CliProcess.run(
            new byte[0],
            env,
            "scan",
            "--propose",
            "posture.circuit-breaker",
            "--cluster",
            "prod",
            "--service",
            "web");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("--state-machine-arn or ECS_MEDIC_STATE_MACHINE_ARN");
  }
}
