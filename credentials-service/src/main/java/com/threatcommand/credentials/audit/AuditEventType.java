package com.threatcommand.credentials.audit;

public enum AuditEventType {
  KEY_GENERATED,
  KEY_REVOKED,
  KEY_ROTATED,
  ACCOUNT_ID_DISCLOSED
}
