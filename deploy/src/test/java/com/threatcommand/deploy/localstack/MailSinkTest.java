package com.threatcommand.deploy.localstack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP sink over real SMTP: every message becomes a .eml file a mail program opens. */
class MailSinkTest {

  @Test
  void everyMessageReceivedIsWrittenAsAnEmlFile(@TempDir Path directory) throws Exception {
    int port = PortCheck.anyFree();
    try (MailSink sink = new MailSink(port, directory)) {
      send(port, "Get More: 500 more credits for account 5f1e2d3c4b5a697887766554 (GOLD)", "first");
      send(port, "Second / one?", "second");

      await().atMost(Duration.ofSeconds(10)).until(() -> emls(directory).size() == 2);
      List<Path> files = emls(directory);
      assertTrue(files.get(0).getFileName().toString().matches(
          "001-\\d{8}-\\d{6}-get-more-500-more-credits-for-account-5f1e2d3c4b\\.eml"), files.toString());
      assertTrue(files.get(1).getFileName().toString().endsWith("-second-one.eml"), files.toString());
      try (InputStream in = Files.newInputStream(files.get(0))) {
        MimeMessage read = new MimeMessage(Session.getInstance(new Properties()), in);
        assertEquals("Get More: 500 more credits for account 5f1e2d3c4b5a697887766554 (GOLD)", read.getSubject());
        assertEquals("sales@threatcommand.local", read.getAllRecipients()[0].toString());
        assertEquals("first", read.getContent().toString().trim());
      }
    }
    // No half-written files are left behind.
    try (Stream<Path> all = Files.list(directory)) {
      assertEquals(2, all.count());
    }
  }

  @Test
  void slugsAreShortAndSafeForFileNames() {
    assertEquals("message", MailSink.slug(""));
    assertEquals("message", MailSink.slug("!!!"));
    assertEquals("a-b-c", MailSink.slug("  A/b\\c  "));
    assertTrue(MailSink.slug("x".repeat(200)).length() <= 48);
  }

  private static void send(int port, String subject, String text) throws Exception {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", "127.0.0.1");
    properties.put("mail.smtp.port", Integer.toString(port));
    MimeMessage message = new MimeMessage(Session.getInstance(properties));
    message.setFrom(new InternetAddress("subscription-service@threatcommand.local"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("sales@threatcommand.local"));
    message.setSubject(subject);
    message.setText(text);
    Transport.send(message);
  }

  private static List<Path> emls(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
    }
  }
}
