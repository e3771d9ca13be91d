-- Keys of an account. Only a keyed hash (HMAC-SHA-256 with KEY_HASH_SECRET) is stored, never the key.
--   status ACTIVE   the current key of its kind (at most one per account and kind, see the index)
--          ROTATED  replaced by a rotation; still works until expires_at (the grace period)
--          REVOKED  stopped early (revoked, or cut off by a later rotation)
-- A key is live when ACTIVE, or ROTATED with expires_at in the future.
create table credential_key (
    id                  uuid         primary key,
    account_id          varchar(64)  not null,
    kind                varchar(16)  not null check (kind in ('api-key', 'appliance-key')),
    status              varchar(16)  not null check (status in ('ACTIVE', 'ROTATED', 'REVOKED')),
    -- the first characters of the random body: finds the row through an index, far too short to
    -- help anyone guess the remaining >= 200 bits
    lookup_prefix       varchar(16)  not null,
    key_hash            bytea        not null check (octet_length(key_hash) = 32),
    hint                varchar(32)  not null,
    created_at          timestamptz  not null,
    created_by_subject  varchar(255) not null,
    created_by_email    varchar(320),
    last_used_at        timestamptz,
    rotated_at          timestamptz,
    expires_at          timestamptz,
    revoked_at          timestamptz,
    check (status <> 'ROTATED' or expires_at is not null),
    check (status <> 'REVOKED' or revoked_at is not null)
);

-- Exactly one active key per kind per account, enforced by the database itself.
create unique index credential_key_one_active on credential_key (account_id, kind) where status = 'ACTIVE';
-- Verification: account + lookup prefix, live keys only.
create index credential_key_lookup on credential_key (account_id, lookup_prefix) where status <> 'REVOKED';

-- The audit trail: append-only. Rows are written in the transaction of the change they record.
create table audit_event (
    seq            bigint       generated always as identity primary key,
    id             uuid         not null unique,
    account_id     varchar(64)  not null,
    type           varchar(32)  not null
                   check (type in ('KEY_GENERATED', 'KEY_REVOKED', 'KEY_ROTATED', 'ACCOUNT_ID_DISCLOSED')),
    key_kind       varchar(16)  check (key_kind in ('api-key', 'appliance-key')),
    key_id         uuid,
    key_hint       varchar(32),
    actor_subject  varchar(255) not null,
    actor_email    varchar(320),
    at             timestamptz  not null,
    request_id     varchar(128)
);
create index audit_event_account on audit_event (account_id, seq desc);

-- Nothing alters or deletes an audit row, whoever asks.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_event_no_update_or_delete
    before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_append_only();
