package io.ecsmedic.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The valid Fargate task cpu/memory pairs (Linux), from
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 * . RAISE_MEMORY only ever proposes a pair from this table: an invalid pair is rejected by
 * RegisterTaskDefinition, which would turn a fix into a second outage.
 */
public final class FargateSizes {
  /** A valid task size: cpu units and memory MiB. */
  public record Size(int cpu, int memoryMiB) {}

  private static final List<Size> VALID = build();

  private FargateSizes() {}

  private static List<Size> build() {
    List<Size> s = new ArrayList<>();
    for (int m : new int[] {512, 1024, 2048}) {
      s.add(new Size(256, m));
    }
    for (int m = 1024; m <= 4096; m += 1024) {
      s.add(new Size(512, m));
    }
    for (int m = 2048; m <= 8192; m += 1024) {
      s.add(new Size(1024, m));
    }
    for (int m = 4096; m <= 16384; m += 1024) {
      s.add(new Size(2048, m));
    }
    for (int m = 8192; m <= 30720; m += 1024) {
      s.add(new Size(4096, m));
    }
    for (int m = 16384; m <= 61440; m += 4096) {
      s.add(new Size(8192, m));
    }
    for (int m = 32768; m <= 122880; m += 8192) {
      s.add(new Size(16384, m));
    }
    return Collections.unmodifiableList(s);
  }

  public static List<Size> all() {
    return VALID;
  }

  public static boolean isValid(int cpu, int memoryMiB) {
    return VALID.contains(new Size(cpu, memoryMiB));
  }

  /**
   * The smallest valid size with more memory than now, keeping the CPU if that CPU allows more
   * memory, else the smallest CPU step up. Empty when already at the largest size.
   */
  public static Optional<Size> nextMemoryStep(int cpu, int memoryMiB) {
    Optional<Size> sameCpu =
        VALID.stream().filter(s -> s.cpu() == cpu && s.memoryMiB() > memoryMiB).findFirst();
    if (sameCpu.isPresent()) {
      return sameCpu;
    }
    return VALID.stream()
        .filter(s -> s.cpu() > cpu && s.memoryMiB() > memoryMiB)
        .min((a, b) -> a.cpu() != b.cpu() ? a.cpu() - b.cpu() : a.memoryMiB() - b.memoryMiB());
  }

  /**
   * The valid size nearest to a rejected request that gives the task at least what it asked for:
   * the smallest size with cpu and memory both at or above the request (fewest extra CPU units
   * first, then least extra memory). A request above every size gets the largest. Memory may be
   * given in GiB as the console and CDK accept it ("4GB" is read by the caller as 4096).
   */
  public static Size nearest(int cpu, int memoryMiB) {
    return VALID.stream()
        .filter(s -> s.cpu() >= cpu && s.memoryMiB() >= memoryMiB)
        .min((a, b) -> a.cpu() != b.cpu() ? a.cpu() - b.cpu() : a.memoryMiB() - b.memoryMiB())
        .orElse(VALID.getLast());
  }
}
