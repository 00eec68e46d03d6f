package io.ecsmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static List<LineReader.Line> lines(byte[] bytes, int max) throws IOException {
    LineReader reader = new LineReader(new ByteArrayInputStream(bytes), max);
    List<LineReader.Line> out = new ArrayList<>();
    for (LineReader.Line l = reader.next(); l != null; l = reader.next()) {
      out.add(l);
    }
    return out;
  }

  private static List<LineReader.Line> lines(String s) throws IOException {
    return lines(s.getBytes(StandardCharsets.UTF_8), 1024);
  }

  @Test
  void numbersLinesAndKeepsAFinalLineWithoutNewline() throws IOException {
    assertThat(lines("a\r\nb\n\nc"))
        .extracting(LineReader.Line::number, LineReader.Line::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "a"),
            org.assertj.core.groups.Tuple.tuple(2L, "b"),
            org.assertj.core.groups.Tuple.tuple(3L, ""),
            org.assertj.core.groups.Tuple.tuple(4L, "c"));
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    assertThat(lines("")).isEmpty();
  }

  @Test
  void reportsAnOverlongLineWithoutLosingTheNextOne() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write("x".repeat(200_000).getBytes(StandardCharsets.US_ASCII));
    b.write("\nnext\n".getBytes(StandardCharsets.US_ASCII));

    List<LineReader.Line> out = lines(b.toByteArray(), 100_000);

    assertThat(out).hasSize(2);
    assertThat(out.get(0).text()).isNull();
    assertThat(out.get(0).problem()).contains("over the");
    assertThat(out.get(1).text()).isEqualTo("next");
  }

  @Test
  void reportsInvalidUtf8WithItsOffset() throws IOException {
    byte[] bytes = {'o', 'k', '\n', 'a', (byte) 0xC3, (byte) 0x28, '\n', 'z'};

    List<LineReader.Line> out = lines(bytes, 1024);

    assertThat(out).extracting(LineReader.Line::text).containsExactly("ok", null, "z");
    assertThat(out.get(1).problem())
        .isEqualTo("line is not valid UTF-8 (invalid byte at offset 1)");
  }

  @Test
  void decodesMultiByteCharactersSplitAcrossBufferReads() throws IOException {
    String text = "é".repeat(40_000) + "\n";

    List<LineReader.Line> out = lines(text.getBytes(StandardCharsets.UTF_8), 1 << 20);

    assertThat(out.getFirst().text()).hasSize(40_000);
  }
}
