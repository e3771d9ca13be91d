package com.threatcommand.deploy.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SMTP server of a run when no external one is configured: GreenMail on the loopback address,
 * accepting every message. Each message received is written as a {@code .eml} file (any mail
 * program opens it) and announced with one line on the console.
 */
final class MailSink implements AutoCloseable {
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final DateTimeFormatter LINE_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  final int port;
  final Path directory;
  private final GreenMail greenMail;
  private final Thread writer;
  private volatile boolean closed;

  MailSink(int port, Path directory) {
    this.port = port;
    this.directory = directory;
    this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    try {
      greenMail.start();
    } catch (RuntimeException e) {
      throw new StackException(1, "The SMTP sink could not listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    this.writer = new Thread(this::writeMessages, "mail-sink-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private void writeMessages() {
    int written = 0;
    while (!closed) {
      if (!greenMail.waitForIncomingEmail(1000, written + 1)) {
        continue;
      }
      MimeMessage[] received = greenMail.getReceivedMessages();
      for (; written < received.length; written++) {
        try {
          Path file = write(received[written], written + 1);
          System.out.println(summary(received[written], file));
        } catch (IOException | MessagingException | RuntimeException e) {
          System.err.println("mail  could not write message " + (written + 1) + ": " + e.getMessage());
        }
      }
    }
  }

  private Path write(MimeMessage message, int number) throws IOException, MessagingException {
    String subject = message.getSubject() == null ? "" : message.getSubject();
    String name =
        String.format(Locale.ROOT, "%03d-%s-%s.eml", number, LocalDateTime.now().format(FILE_TIME), slug(subject));
    Path file = directory.resolve(name);
    // Written aside, then moved: whoever watches the directory never sees half a message.
    Path partial = directory.resolve("." + name + ".partial");
    try (OutputStream out = Files.newOutputStream(partial)) {
      message.writeTo(out);
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static String summary(MimeMessage message, Path file) throws MessagingException {
    return "mail  " + LocalDateTime.now().format(LINE_TIME) + "  to " + addresses(message.getAllRecipients())
        + "  \"" + (message.getSubject() == null ? "" : message.getSubject()) + "\"  -> " + file;
  }

  private static String addresses(Address[] addresses) {
    return addresses == null
        ? "(nobody)"
        : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
  }

  static String slug(String subject) {
    String slug = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    slug = slug.length() > 48 ? slug.substring(0, 48).replaceAll("-+$", "") : slug;
    return slug.isEmpty() ? "message" : slug;
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    greenMail.stop();
  }
}
