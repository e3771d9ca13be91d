package com.threatcommand.subscription.upgrade;

import com.threatcommand.subscription.account.CatalogConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The email to Sales for one upgrade request: plain text and HTML from Qute templates
 * ({@code templates/SalesMail/}), {@code Reply-To} the requester when the token carried a usable
 * email, and a {@code Message-ID} derived from the request ID, identical on every retry.
 */
@ApplicationScoped
public class SalesMail {
  private static final Pattern EMAIL =
      Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$");

  /** What the templates show; every value already formatted. */
  public record Data(
      String requestId,
      String accountId,
      String subscriptionType,
      String requesterSubject,
      String requesterName,
      String requesterEmail,
      String category,
      String asked,
      String current,
      String message,
      String requestedAt) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance text(Data data);

    static native TemplateInstance html(Data data);
  }

  private final CatalogConfig catalog;
  private final UpgradeConfig config;
  private final SalesConfig sales;

  SalesMail(CatalogConfig catalog, UpgradeConfig config, SalesConfig sales) {
    this.catalog = catalog;
    this.config = config;
    this.sales = sales;
  }

  public String messageId(UpgradeRequest r) {
    return "<upgrade-request." + r.id + "@" + config.messageIdDomain() + ">";
  }

  public Mail compose(UpgradeRequest r) {
    Data data = data(r);
    String subject =
        "Get More: " + data.asked() + " for account " + r.accountId + " (" + r.subscriptionType + ")";
    Mail mail =
        Mail.withText(
                sales.email().orElseThrow(
                    () -> new IllegalStateException("sales.email (SALES_EMAIL) is not set")),
                subject, Templates.text(data).render())
            .setHtml(Templates.html(data).render())
            .addHeader("Message-ID", messageId(r))
            .addHeader("X-Upgrade-Request-Id", r.id.toString());
    if (isUsableEmail(r.requesterEmail)) {
      mail.setReplyTo(r.requesterEmail);
    }
    return mail;
  }

  static boolean isUsableEmail(String email) {
    return email != null && email.length() <= 254 && EMAIL.matcher(email).matches();
  }

  Data data(UpgradeRequest r) {
    return new Data(
        r.id.toString(),
        r.accountId,
        r.subscriptionType.name(),
        r.requesterSubject,
        r.requesterName == null ? "(not known)" : r.requesterName,
        r.requesterEmail == null ? "(not known)" : r.requesterEmail,
        r.category.name(),
        asked(r),
        current(r),
        r.message,
        r.createdAt.toString());
  }

  private String asked(UpgradeRequest r) {
    return switch (r.category) {
      case MODULES -> "modules " + names(r.modules);
      case CREDITS -> r.quantity + " more credits";
      case ASSETS -> r.quantity + " more assets";
      case REMEDIATIONS -> r.quantity + " more remediations";
    };
  }

  private String current(UpgradeRequest r) {
    return switch (r.category) {
      case MODULES ->
          "included modules: "
              + (r.currentModules == null || r.currentModules.isEmpty()
                  ? "none"
                  : names(r.currentModules));
      case CREDITS -> "balance " + r.currentBalance + " credits";
      case ASSETS, REMEDIATIONS ->
          "limit "
              + r.currentLimit
              + ", used "
              + r.currentUsed
              + " ("
              + Math.max(0, r.currentLimit - r.currentUsed)
              + " remaining)";
    };
  }

  private String names(List<String> codes) {
    return codes.stream()
        .map(c -> catalog.module(c).map(m -> m.name() + " (" + c + ")").orElse(c))
        .collect(Collectors.joining(", "));
  }
}
