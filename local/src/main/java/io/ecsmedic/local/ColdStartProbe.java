package io.ecsmedic.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, in a fresh JVM whose class path is a function's deployed jar and this class: what
 * the Lambda runtime does on a cold start, timed. It builds the handler with its no-argument
 * constructor (configuration from the environment, as Lambda gives it), hands it one event, and
 * appends {@code constructMs firstEventMs resultEpochMillis bytes} to the result file. {@link
 * ColdStartBenchmark} starts it; it uses nothing but the JDK and the function's own jar, so the
 * classes it loads are the function's.
 *
 * <p>Arguments: {@code handlerClass eventFile resultFile}.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    long entered = System.nanoTime();
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    RequestStreamHandler handler =
        (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
    long built = System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event),
        out,
        new LocalContext(
            "cold-start",
            "arn:aws:lambda:us-east-1:" + LocalAws.ACCOUNT + ":function:cold-start",
            "cold-start-1",
            System.currentTimeMillis() + 30_000));
    long handled = System.nanoTime();
    long resultAt = System.currentTimeMillis();
    Files.writeString(
        Path.of(args[2]),
        String.format(
            "%d %d %d %d %s%n",
            (built - entered) / 1_000_000,
            (handled - built) / 1_000_000,
            resultAt,
            out.size(),
            new String(out.toByteArray(), 0, Math.min(out.size(), 200), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ")),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }
}
