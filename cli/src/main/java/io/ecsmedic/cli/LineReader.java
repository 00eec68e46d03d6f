package io.ecsmedic.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines without ever holding more than one bounded line: a line longer
 * than the limit is skipped to its end and reported, never loaded. Bytes are decoded strictly as
 * UTF-8, so a line with invalid bytes is reported instead of silently mangled.
 */
final class LineReader {
  /** One input line, or why it cannot be used. Exactly one of text and problem is non-null. */
  record Line(long number, String text, String problem) {}

  private final InputStream in;
  private final int maxBytes;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[64 * 1024];
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private int position;
  private int limit;
  private long number;
  private boolean eof;

  LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or null at the end of the input. A final line without '\n' still counts. */
  Line next() throws IOException {
    current.reset();
    long length = 0;
    boolean sawAny = false;
    while (true) {
      if (position == limit) {
        if (eof || !fill()) {
          if (!sawAny) {
            return null;
          }
          break;
        }
      }
      sawAny = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      if (length + chunk <= maxBytes) {
        current.write(buffer, start, chunk);
      }
      length += chunk;
      if (position < limit) { // found '\n'
        position++;
        break;
      }
    }
    number++;
    if (length > maxBytes) {
      return new Line(
          number,
          null,
          String.format(
              "line is %.1f MiB, over the %d MiB limit (EventBridge events are at most 256 KB)",
              length / (1024.0 * 1024.0), maxBytes / (1024 * 1024)));
    }
    byte[] bytes = current.toByteArray();
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    ByteBuffer input = ByteBuffer.wrap(bytes, 0, end);
    CharBuffer output = CharBuffer.allocate(end);
    decoder.reset();
    CoderResult result = decoder.decode(input, output, true);
    if (!result.isError()) {
      result = decoder.flush(output);
    }
    if (result.isError()) {
      return new Line(
          number,
          null,
          "line is not valid UTF-8 (invalid byte at offset " + input.position() + ")");
    }
    return new Line(number, output.flip().toString(), null);
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n <= 0) {
      eof = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
