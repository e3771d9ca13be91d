-- The subscription of an account: plan, expiry, storage region, credit balance and usage counters.
-- Balances and counters live on this row so that every money-like change is one conditional
-- UPDATE that cannot overdraw (see ARCHITECTURE.md, Reliability rules).
create table subscription (
    account_id            varchar(64)  primary key,
    type                  varchar(16)  not null check (type in ('PLATINUM', 'GOLD', 'BRONZE')),
    expires_on            date         not null,
    stored_data_region    varchar(16)  not null,
    credit_balance        bigint       not null default 0 check (credit_balance >= 0),
    assets_limit          bigint       not null check (assets_limit >= 0),
    assets_used           bigint       not null default 0 check (assets_used >= 0),
    remediations_limit    bigint       not null check (remediations_limit >= 0),
    remediations_used     bigint       not null default 0 check (remediations_used >= 0),
    created_at            timestamptz  not null default now(),
    updated_at            timestamptz  not null default now()
);

create table subscription_module (
    account_id   varchar(64) not null references subscription (account_id) on delete cascade,
    module_code  varchar(64) not null,
    primary key (account_id, module_code)
);
