package com.threatcommand.gateway.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads keys from the locations operators configure: a file path, {@code file:}, {@code classpath:}. */
public final class KeyMaterial {
  private KeyMaterial() {}

  public static boolean isRemote(String location) {
    return location.startsWith("https://") || location.startsWith("http://");
  }

  /** The text at a local location (file system first, then the class path). */
  public static String read(String location) {
    String path = location;
    if (path.startsWith("file:")) {
      path = path.substring(5);
    }
    boolean classpathOnly = path.startsWith("classpath:");
    if (classpathOnly) {
      path = path.substring(10);
    }
    try {
      if (!classpathOnly && Files.isReadable(Path.of(path))) {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Cannot read key at " + location, e);
    }
    String resource = path.startsWith("/") ? path.substring(1) : path;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in =
        (loader != null ? loader : KeyMaterial.class.getClassLoader()).getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No key at " + location);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read key at " + location, e);
    }
  }

  /** A PKCS#8 PEM private key (RSA or EC). */
  public static PrivateKey privateKey(String pem) {
    byte[] der = pemBody(pem, "PRIVATE KEY");
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalStateException("Not a PKCS#8 RSA or EC private key");
  }

  /** A PEM public key (SubjectPublicKeyInfo) or certificate (RSA or EC). */
  public static PublicKey publicKey(String pem) {
    if (pem.contains("BEGIN CERTIFICATE")) {
      try {
        return CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
            .getPublicKey();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Not an X.509 certificate", e);
      }
    }
    byte[] der = pemBody(pem, "PUBLIC KEY");
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalStateException("Not an RSA or EC public key");
  }

  private static byte[] pemBody(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < 0) {
      throw new IllegalStateException("Expected a PEM " + label);
    }
    String base64 = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
    return Base64.getDecoder().decode(base64);
  }
}
