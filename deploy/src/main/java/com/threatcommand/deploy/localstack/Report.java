package com.threatcommand.deploy.localstack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the launcher tells the person who ran it: each application's start, what to do with the stack, its stop. */
final class Report {
  private final Settings settings;
  private final PrintStream out;

  Report(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  void ready(Application app) {
    out.printf(
        Locale.ROOT,
        "  %-21s up %.1f s after its start, ready %.1f s (Quarkus: started in %s), pid %d, log %s%n",
        app.name, seconds(app.upAfter()), seconds(app.readyAfter()), app.quarkusStartTime().orElse("?"),
        app.process().orElseThrow().pid(), app.log);
  }

  /** Whether the applications started from their AppCDS archives or make them in this run. */
  void classData(List<Application> applications) {
    List<String> training = new ArrayList<>();
    List<String> using = new ArrayList<>();
    for (Application app : applications) {
      app.classData().ifPresent(archive -> (archive.trains() ? training : using).add(app.name));
    }
    if (!using.isEmpty()) {
      out.println("  Class data    " + String.join(", ", using) + " started from their AppCDS archives (target/local-stack-cds)");
    }
    if (!training.isEmpty()) {
      out.println("  Class data    " + String.join(", ", training) + ": no current AppCDS archive yet; written at the stop"
          + " (a few seconds more), the next start is faster");
    }
  }

  /** The URLs, the demo credentials with a command to try each, where mail and logs go. */
  void summary(Duration firstRequest, String adminToken, String provisionerToken, String apiKey, boolean keyWorks,
      boolean mailSink) {
    String gateway = settings.gatewayUrl();
    String script = "deploy/local-stack";
    out.println();
    out.printf(Locale.ROOT, "Threat Command is running at %s (first request through the gateway answered %.1f s after the start)%n",
        gateway, seconds(firstRequest));
    out.println("  the page        " + gateway + "/");
    out.println("  API document    " + gateway + "/openapi");
    out.println();
    out.println("Demo admin token (account " + Keys.DEMO_ACCOUNT + ", GOLD; valid " + Keys.DEMO_TOKEN_LIFETIME.toHours() + " h):");
    out.println("  export ADMIN_TOKEN=" + adminToken);
    out.println("  curl -H \"Authorization: Bearer $ADMIN_TOKEN\" " + gateway + "/api/v1/subscription");
    out.println("Another one, for any account, while the stack runs (other demo accounts: README, \"Demo accounts\"):");
    out.println("  " + script + " token admin 6a1e2d3c4b5a697887766001");
    out.println("Demo provisioner token (back office, /api/v1/provisioning; another: " + script + " token provisioner):");
    out.println("  export PROVISIONER_TOKEN=" + provisionerToken);
    out.println("Demo API key of account " + Keys.DEMO_ACCOUNT + " (made through the gateway with the admin token; "
        + (keyWorks ? "checked: 200" : "CHECK FAILED: test-credentials did not answer 200") + "):");
    out.println("  export API_KEY=" + apiKey);
    out.println("  curl -u " + Keys.DEMO_ACCOUNT + ":" + apiKey + " -I " + gateway + "/public/v1/test-credentials");
    if (mailSink) {
      out.println("\"Get More\" mail to " + settings.salesEmail() + " lands in " + settings.stackDir().resolve("mail")
          + " (one .eml file per message, announced below as it arrives)");
    } else {
      out.println("\"Get More\" mail to " + settings.salesEmail() + " goes to " + settings.smtp().get().address());
    }
    out.println("Logs: " + settings.stackDir().resolve("logs") + "    Stop: Ctrl-C (or kill " + ProcessHandle.current().pid() + ")");
    out.println();
    out.flush();
  }

  /** The last line of a stop: what was stopped ("the applications, the SMTP sink and PostgreSQL"), how fast. */
  void stopped(List<String> stopped, Duration took, boolean mail) {
    String what =
        stopped.isEmpty()
            ? ""
            : " " + String.join(", ", stopped.subList(0, stopped.size() - 1)) + (stopped.size() > 1 ? " and " : "")
                + stopped.get(stopped.size() - 1);
    out.printf(
        Locale.ROOT,
        "Stopped%s in %.1f s; the work directory is removed. Logs%s stay in %s.%n",
        what, seconds(took), mail ? " and mail" : "", settings.stackDir());
    out.flush();
  }

  void restarting(Application app, int exitCode) {
    out.printf(Locale.ROOT, "restart  %s exited with code %d; starting it again (STACK_RESTART=always)%n", app.name, exitCode);
    out.flush();
  }

  void restarted(Application app) {
    out.printf(Locale.ROOT, "restart  %s ready %.1f s after its start, pid %d%n", app.name,
        seconds(app.readyAfter()), app.process().orElseThrow().pid());
    out.flush();
  }

  void restartFailed(Application app, String why) {
    out.println("restart  " + app.name + why);
    out.flush();
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
