package com.threatcommand.deploy.chaos;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness's own SMTP sink (the stack is pointed at it with STACK_SMTP): GreenMail on
 * 127.0.0.1, every message written to a directory as a {@code .eml} file as the stack's own sink
 * does; it can be taken down (the port refuses connections) and brought back, which the sink inside
 * the launcher cannot.
 */
final class Sink implements AutoCloseable {
  final int port;
  final Path directory;
  private final AtomicInteger written = new AtomicInteger();
  private GreenMail greenMail;
  private Thread writer;
  private volatile boolean down = true;
  /** Messages of the current GreenMail already written (each up() starts a new one). */
  private int seen;

  Sink(int port, Path directory) throws IOException {
    this.port = port;
    this.directory = Files.createDirectories(directory);
  }

  synchronized void up() {
    greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    down = false;
    seen = 0;
    GreenMail mine = greenMail;
    writer = new Thread(() -> write(mine), "sink-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Stops listening: connections are refused until {@link #up}. */
  void down() {
    down = true;
    try {
      writer.join(3_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      drain(greenMail);
      greenMail.stop();
    }
  }

  int received() {
    return written.get();
  }

  private void write(GreenMail mail) {
    while (!down) {
      mail.waitForIncomingEmail(500, seen + 1);
      drain(mail);
    }
  }

  /** Writes the messages received since the last call, untouched (a MimeMessage changed here would get a new Message-ID). */
  private synchronized void drain(GreenMail mail) {
    MimeMessage[] messages = mail.getReceivedMessages();
    for (; seen < messages.length; seen++) {
      MimeMessage message = messages[seen];
      try {
        String name = String.format(Locale.ROOT, "%06d.eml", written.incrementAndGet());
        Path partial = directory.resolve("." + name + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
          message.writeTo(out);
        }
        Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      } catch (Exception e) {
        System.err.println("sink: could not write a message: " + e);
      }
    }
  }

  @Override
  public void close() {
    if (!down) {
      down();
    }
  }
}
