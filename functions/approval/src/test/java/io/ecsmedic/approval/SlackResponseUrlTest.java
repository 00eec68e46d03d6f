package io.ecsmedic.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replies against a local receiver standing in for hooks.slack.com. */
class SlackResponseUrlTest {
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Test
  void postsTheReplyToAnAllowedResponseUrl() {
    new SlackResponseUrl(base())
        .respond(base() + "actions/T1/1/x", Json.MAPPER.createObjectNode().put("text", "hi"));

    assertThat(bodies).containsExactly("{\"text\":\"hi\"}");
  }

  @Test
  void neverPostsOutsideTheAllowedPrefix() {
    SlackResponseUrl slackOnly = new SlackResponseUrl();

    slackOnly.respond(base() + "actions/T1/1/x", Json.MAPPER.createObjectNode());
    slackOnly.respond("https://hooks.slack.com.evil.example/x", Json.MAPPER.createObjectNode());
    slackOnly.respond(null, Json.MAPPER.createObjectNode());

    assertThat(bodies).isEmpty();
  }
}
