-- Credit ledger: one row per grant or debit, written in the same transaction as the conditional
-- UPDATE of subscription.credit_balance, so the balance and the ledger always add up.
create table credit_transaction (
    -- Order of insertion: newest first is "seq desc"; cursors carry the last seq of a page.
    seq            bigint       generated always as identity primary key,
    id             uuid         not null unique,
    account_id     varchar(64)  not null references subscription (account_id) on delete cascade,
    kind           varchar(8)   not null check (kind in ('GRANT', 'DEBIT')),
    amount         bigint       not null check (amount > 0),
    balance_after  bigint       not null check (balance_after >= 0),
    purpose        varchar(32)  check (purpose in ('RESEARCH', 'DARK_WEB_PURCHASE')),
    reference      varchar(200),
    actor_kind     varchar(32)  not null,
    actor_subject  varchar(255) not null,
    actor_email    varchar(320),
    created_at     timestamptz  not null,
    check ((kind = 'DEBIT') = (purpose is not null))
);
-- GET /api/v1/subscription/credits/transactions: where account_id = ? [and seq < cursor] order by seq desc
create index credit_transaction_account_seq on credit_transaction (account_id, seq desc);

-- Idempotency keys (Stripe semantics), per account. A request first reserves its key in a short
-- transaction of its own (IN_PROGRESS, with an owner token and a lease); the operation and the
-- stored response then commit together, fenced by the owner token.
create table idempotency_key (
    account_id       varchar(64)  not null,
    idem_key         varchar(255) not null,
    request_hash     char(64)     not null,
    status           varchar(12)  not null check (status in ('IN_PROGRESS', 'COMPLETED')),
    owner            uuid         not null,
    locked_until     timestamptz,
    response_status  int,
    response_body    bytea,
    created_at       timestamptz  not null,
    -- Lookup and reservation: where account_id = ? and idem_key = ? (the primary key).
    primary key (account_id, idem_key),
    check ((status = 'COMPLETED') = (response_status is not null))
);
-- The purge job: delete where created_at < cutoff.
create index idempotency_key_created on idempotency_key (created_at);
