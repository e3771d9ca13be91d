-- "Get More" requests and their transactional outbox. The request row and its outbox row are
-- inserted in one transaction; the relay (OutboxRelay) sends the email and marks both SENT.
create table upgrade_request (
    seq                 bigint        generated always as identity primary key,
    id                  uuid          not null unique,
    account_id          varchar(64)   not null references subscription (account_id) on delete cascade,
    category            varchar(16)   not null check (category in ('MODULES', 'CREDITS', 'ASSETS', 'REMEDIATIONS')),
    modules             varchar(1000),
    quantity            bigint        check (quantity between 1 and 1000000),
    message             varchar(2000),
    status              varchar(8)    not null check (status in ('PENDING', 'SENT', 'FAILED')),
    requester_subject   varchar(255)  not null,
    requester_email     varchar(320),
    requester_name      varchar(255),
    -- What the account had when it asked (the email states it).
    subscription_type   varchar(16)   not null,
    current_balance     bigint,
    current_limit       bigint,
    current_used        bigint,
    current_modules     varchar(1000),
    created_at          timestamptz   not null,
    sent_at             timestamptz,
    check ((category = 'MODULES') = (modules is not null)),
    check ((category = 'MODULES') = (quantity is null))
);
-- GET /api/v1/subscription/upgrade-requests: where account_id = ? [and seq < cursor] order by seq desc
create index upgrade_request_account_seq on upgrade_request (account_id, seq desc);
-- Rate limit (20 per rolling hour): count(*) where account_id = ? and created_at > ?, and the
-- oldest of those for Retry-After.
create index upgrade_request_account_created on upgrade_request (account_id, created_at);
-- GET /api/v1/subscription/upgrade-requests/{id}: where id = ? (the unique constraint's index).

create table outbox_message (
    id               uuid          primary key,
    request_id       uuid          not null unique references upgrade_request (id) on delete cascade,
    status           varchar(8)    not null check (status in ('PENDING', 'SENT', 'FAILED')),
    attempts         int           not null default 0 check (attempts >= 0),
    next_attempt_at  timestamptz   not null,
    -- Retries go on until this instant (created_at + the retry window, at least 24 hours).
    retry_until      timestamptz   not null,
    last_error       varchar(500),
    created_at       timestamptz   not null,
    sent_at          timestamptz
);
-- The relay's claim: where status = 'PENDING' and next_attempt_at <= ? order by next_attempt_at
-- limit 1 for update skip locked. Partial, so sent rows cost nothing.
create index outbox_message_due on outbox_message (next_attempt_at, id) where status = 'PENDING';
