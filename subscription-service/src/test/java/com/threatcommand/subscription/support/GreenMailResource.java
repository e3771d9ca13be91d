package com.threatcommand.subscription.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) on a free port for the whole test run; the mailer is pointed at
 * it. Tests can stop it (SMTP down: connections are refused) and start it again on the same port.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {
  private static volatile GreenMail greenMail;
  private static int port;

  @Override
  public Map<String, String> start() {
    port = freePort();
    startServer();
    return Map.of(
        "quarkus.mailer.host", "127.0.0.1",
        "quarkus.mailer.port", Integer.toString(port),
        "quarkus.mailer.start-tls", "DISABLED",
        "quarkus.mailer.login", "DISABLED");
  }

  @Override
  public void stop() {
    stopServer();
  }

  public static synchronized void startServer() {
    if (greenMail == null) {
      GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      server.start();
      greenMail = server;
    }
  }

  public static synchronized void stopServer() {
    if (greenMail != null) {
      greenMail.stop();
      greenMail = null;
    }
  }

  /** Every message received since the server was (re)started. */
  public static List<MimeMessage> received() {
    GreenMail server = greenMail;
    return server == null ? List.of() : Arrays.asList(server.getReceivedMessages());
  }

  /** The messages whose Message-ID is the given one. */
  public static List<MimeMessage> withMessageId(String messageId) {
    return received().stream()
        .filter(
            m -> {
              try {
                return messageId.equals(m.getMessageID());
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .toList();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
