package io.ecsmedic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ecsmedic.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where inputs come from: standard input ({@code -}) or a file. Both are read as JSON Lines; a file
 * that holds one pretty-printed JSON document (like the fixtures in events/) is read as that one
 * document, reported as line 1.
 */
final class InputSource {
  /** The CLI's per-line limit; EventBridge caps events at 256 KB. */
  static final int MAX_LINE_BYTES = 1024 * 1024;

  private static final long MAX_WHOLE_DOCUMENT_BYTES = 16L * 1024 * 1024;

  /** Receives each line (or its problem) in order. */
  interface LineHandler {
    void accept(LineReader.Line line) throws IOException;
  }

  /** The input cannot be read at all (missing, a directory, unreadable). */
  static final class UnreadableInputException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableInputException(String message) {
      super(message);
    }
  }

  private final String name;

  InputSource(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  boolean isStdin() {
    return "-".equals(name);
  }

  void forEachLine(LineHandler handler) throws IOException, UnreadableInputException {
    if (isStdin()) {
      read(System.in, handler);
      return;
    }
    Path path = Path.of(name);
    if (Files.isDirectory(path)) {
      throw new UnreadableInputException(name + " is a directory; pass the files in it");
    }
    try {
      long size = Files.size(path);
      if (size <= MAX_WHOLE_DOCUMENT_BYTES) {
        byte[] bytes = Files.readAllBytes(path);
        if (isOnePrettyPrintedDocument(bytes)) {
          String text = new String(bytes, StandardCharsets.UTF_8).replace('\n', ' ').strip();
          handler.accept(new LineReader.Line(1, text, null));
          return;
        }
        read(new ByteArrayInputStream(bytes), handler);
        return;
      }
      try (InputStream in = Files.newInputStream(path)) {
        read(in, handler);
      }
    } catch (NoSuchFileException e) {
      throw new UnreadableInputException(name + ": no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new UnreadableInputException(name + ": permission denied");
    }
  }

  private static void read(InputStream in, LineHandler handler) throws IOException {
    LineReader reader = new LineReader(in, MAX_LINE_BYTES);
    for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
      handler.accept(line);
    }
  }

  /** True for a single JSON value spread over several lines; JSON Lines fail on trailing tokens. */
  private static boolean isOnePrettyPrintedDocument(byte[] bytes) {
    int newlines = 0;
    for (int i = 0; i < bytes.length && newlines < 2; i++) {
      if (bytes[i] == '\n') {
        newlines++;
      }
    }
    if (newlines < 2) {
      return false;
    }
    try {
      Json.MAPPER.readTree(bytes);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
