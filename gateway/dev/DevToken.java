// Mints a development identity-provider JWT that the gateway accepts in dev mode (and nowhere else:
// the prod profile refuses the development keys). JDK only, run from the repository root:
//
//   java gateway/dev/DevToken.java admin 5f1e2d3c4b5a697887766554   # an account administrator
//   java gateway/dev/DevToken.java provisioner                       # the back office
//
// Issuer, audience and key match the gateway's %dev profile (application.properties).
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

public class DevToken {
  static final String ISSUER = "https://idp.dev.threatcommand.local";
  static final String AUDIENCE = "threat-command";
  static final String KEY = "gateway/src/test/resources/dev-keys/idp-dev-private.pem";

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || !(args[0].equals("admin") || args[0].equals("provisioner"))
        || (args[0].equals("admin") && args.length < 2)) {
      System.err.println("usage: java gateway/dev/DevToken.java admin <accountId> | provisioner");
      System.exit(2);
    }
    String group = args[0];
    long now = System.currentTimeMillis() / 1000;
    StringBuilder claims = new StringBuilder("{")
        .append("\"iss\":\"").append(ISSUER).append("\",")
        .append("\"aud\":\"").append(AUDIENCE).append("\",")
        .append("\"sub\":\"").append(group.equals("admin") ? "dev-admin" : "dev-back-office").append("\",")
        .append("\"groups\":[\"").append(group).append("\"],")
        .append("\"jti\":\"").append(UUID.randomUUID()).append("\",")
        .append("\"iat\":").append(now).append(",")
        .append("\"exp\":").append(now + 8 * 3600);
    if (group.equals("admin")) {
      claims.append(",\"account_id\":\"").append(args[1]).append("\"")
          .append(",\"email\":\"admin@example.com\",\"name\":\"Dev Admin\"");
    }
    claims.append("}");
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    String pem = Files.readString(Path.of(KEY));
    byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    System.out.println(signingInput + "." + b64.encodeToString(signature.sign()));
  }
}
