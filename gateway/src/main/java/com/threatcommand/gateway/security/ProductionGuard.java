package com.threatcommand.gateway.security;

import com.threatcommand.gateway.auth.KeyMaterial;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start with the {@code prod} profile (the default of a packaged application) while a
 * key, issuer, audience or upstream is missing, or a key is one of the development keys committed
 * in this repository (recognised by their public halves, which is all src/main holds).
 */
@Singleton
public class ProductionGuard {
  static final List<String> DEV_PUBLIC_KEYS =
      List.of(
          "dev-keys/gateway-dev-public.pem",
          "dev-keys/idp-dev-public.pem",
          "dev-keys/idp-dev-ec-public.pem");

  private static volatile boolean checked;

  /** Runs before the routes are installed (they build the upstream clients and key material). */
  void beforeRoutes(@Observes @Priority(1) Router router, Config config) {
    check(config);
  }

  void atStartup(@Observes @Priority(1) StartupEvent event, Config config) {
    check(config);
  }

  private static void check(Config config) {
    if (checked || !ConfigUtils.getProfiles().contains("prod")) {
      return;
    }
    checked = true;
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Refusing to start in production: " + String.join("; ", problems));
    }
  }

  static List<String> problems(Config config) {
    List<String> problems = new ArrayList<>();
    Optional<String> signKey = value(config, "smallrye.jwt.sign.key.location");
    if (signKey.isEmpty()) {
      problems.add("SMALLRYE_JWT_SIGN_KEY_LOCATION (the gateway's signing key) is not set");
    } else {
      try {
        if (isDevelopmentKey(publicHalf(KeyMaterial.privateKey(KeyMaterial.read(signKey.get()))))) {
          problems.add("SMALLRYE_JWT_SIGN_KEY_LOCATION points at the development key");
        }
      } catch (RuntimeException e) {
        problems.add("SMALLRYE_JWT_SIGN_KEY_LOCATION cannot be read as a PKCS#8 key");
      }
    }
    Optional<String> idpKey = value(config, "mp.jwt.verify.publickey.location");
    if (idpKey.isEmpty()) {
      problems.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION (the identity provider's key) is not set");
    } else if (!KeyMaterial.isRemote(idpKey.get())) {
      try {
        String text = KeyMaterial.read(idpKey.get());
        if (text.contains("-----BEGIN") && isDevelopmentKey(KeyMaterial.publicKey(text))) {
          problems.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION points at a development key");
        }
      } catch (RuntimeException e) {
        problems.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION cannot be read");
      }
    }
    if (value(config, "mp.jwt.verify.issuer").isEmpty()) {
      problems.add("MP_JWT_VERIFY_ISSUER is not set");
    }
    if (value(config, "mp.jwt.verify.audiences").isEmpty()) {
      problems.add("MP_JWT_VERIFY_AUDIENCES is not set");
    }
    if (value(config, "gateway.upstreams.subscription").isEmpty()) {
      problems.add("SUBSCRIPTION_SERVICE_URL is not set");
    }
    if (value(config, "gateway.upstreams.credentials").isEmpty()) {
      problems.add("CREDENTIALS_SERVICE_URL is not set");
    }
    return problems;
  }

  private static Optional<String> value(Config config, String name) {
    return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank());
  }

  private static PublicKey publicHalf(PrivateKey key) {
    if (key instanceof RSAPrivateCrtKey rsa) {
      try {
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return null; // an EC key cannot be one of the (RSA) development signing keys
  }

  static boolean isDevelopmentKey(PublicKey key) {
    if (key == null) {
      return false;
    }
    for (String resource : DEV_PUBLIC_KEYS) {
      PublicKey dev = KeyMaterial.publicKey(KeyMaterial.read("classpath:" + resource));
      if (same(dev, key)) {
        return true;
      }
    }
    return false;
  }

  private static boolean same(PublicKey a, PublicKey b) {
    if (a instanceof RSAPublicKey ra && b instanceof RSAPublicKey rb) {
      return ra.getModulus().equals(rb.getModulus());
    }
    if (a instanceof ECPublicKey ea && b instanceof ECPublicKey eb) {
      BigInteger x = ea.getW().getAffineX();
      return x.equals(eb.getW().getAffineX()) && ea.getW().getAffineY().equals(eb.getW().getAffineY());
    }
    return false;
  }
}
