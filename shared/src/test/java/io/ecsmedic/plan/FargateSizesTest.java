package io.ecsmedic.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FargateSizesTest {
  @ParameterizedTest(name = "{0}/{1} → {2}/{3}")
  @CsvSource({
    "256, 512, 256, 1024",
    "256, 2048, 512, 3072",
    "512, 4096, 1024, 5120",
    "4096, 30720, 8192, 32768",
    "8192, 16384, 8192, 20480",
    "16384, 114688, 16384, 122880"
  })
  void proposesTheNextValidSize(int cpu, int memory, int nextCpu, int nextMemory) {
    assertThat(FargateSizes.nextMemoryStep(cpu, memory))
        .contains(new FargateSizes.Size(nextCpu, nextMemory));
  }

  @Test
  void neverProposesAnInvalidPairFromAnyValidStart() {
    for (FargateSizes.Size s : FargateSizes.all()) {
      FargateSizes.nextMemoryStep(s.cpu(), s.memoryMiB())
          .ifPresent(
              next -> {
                assertThat(FargateSizes.isValid(next.cpu(), next.memoryMiB())).isTrue();
                assertThat(next.memoryMiB()).isGreaterThan(s.memoryMiB());
                assertThat(next.cpu()).isGreaterThanOrEqualTo(s.cpu());
              });
    }
  }

  @Test
  void hasNoStepAboveTheLargestSize() {
    assertThat(FargateSizes.nextMemoryStep(16384, 122880)).isEmpty();
  }

  @Test
  void knowsTheDocumentedTable() {
    assertThat(FargateSizes.isValid(256, 512)).isTrue();
    assertThat(FargateSizes.isValid(256, 4096)).isFalse();
    assertThat(FargateSizes.isValid(8192, 18432)).as("8 vCPU steps by 4 GiB").isFalse();
    assertThat(FargateSizes.all()).hasSize(3 + 4 + 7 + 13 + 23 + 12 + 12);
  }
}
