package com.threatcommand.credentials.revocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.credentials.keys.CredentialKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Announces a key that stops working early with PostgreSQL NOTIFY on {@value #CHANNEL}, inside the
 * revoking transaction: PostgreSQL delivers it to every listening replica when, and only if, that
 * transaction commits.
 */
@ApplicationScoped
public class RevocationNotifier {
  public static final String CHANNEL = "key_revocations";

  private final EntityManager entityManager;
  private final ObjectMapper json;

  RevocationNotifier(EntityManager entityManager, ObjectMapper json) {
    this.entityManager = entityManager;
    this.json = json;
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void revoked(CredentialKey key, Instant at) {
    String payload;
    try {
      payload = json.writeValueAsString(new RevocationEvent(key.id, key.accountId, key.kind, at));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode a revocation", e);
    }
    entityManager
        .createNativeQuery("select count(*) from (select pg_notify(:channel, :payload)) n")
        .setParameter("channel", CHANNEL)
        .setParameter("payload", payload)
        .getSingleResult();
  }
}
