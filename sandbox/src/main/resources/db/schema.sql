-- easyMO staging tables as the sandbox holds them: the agreed schema of the team brief, with the constraints
-- staging enforces, so that the seed tool and the samplers meet the same refusals here as there.
-- Idempotent: it is applied at every start, also to an external database that already holds it.
-- Journey owners append their own tables/columns at the end (small additive edits).

create schema if not exists auth;
-- Helpers that must not appear as REST tables live outside "public".
create schema if not exists sandbox;

-- GoTrue's users (the subset of columns the auth admin API reads and writes). Emails are stored lower-cased.
create table if not exists auth.users (
    id uuid primary key default gen_random_uuid(),
    email text not null constraint users_email_key unique,
    phone text,
    encrypted_password text,
    email_confirmed_at timestamptz,
    user_metadata jsonb not null default '{}',
    app_metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table if not exists public.profiles (
    user_id uuid primary key references auth.users (id) on delete cascade,
    whatsapp_e164 text not null unique,
    display_name text,
    locale text not null default 'en',
    ref_code text,
    credits_balance integer not null default 0,
    role text,
    blocked boolean not null default false,
    metadata jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- Staging stores location_point as PostGIS geography(Point,4326); the embedded database has no PostGIS, so the
-- column is text that must be the EWKT a PostgREST client sends, and anything else is refused like staging would.
create or replace function sandbox.is_ewkt_point_4326(p text) returns boolean
    language plpgsql immutable strict as $$
declare
    m text[];
begin
    m := regexp_match(p, '^SRID=4326;POINT\(\s*(-?[0-9]+(?:\.[0-9]+)?)\s+(-?[0-9]+(?:\.[0-9]+)?)\s*\)$');
    if m is null then
        return false;
    end if;
    return m[1]::numeric between -180 and 180 and m[2]::numeric between -90 and 90;
end
$$;

create table if not exists public.stations (
    id uuid primary key default gen_random_uuid(),
    engencode text not null unique,
    name text not null,
    status text not null default 'active' check (status in ('active', 'inactive', 'suspended')),
    location_point text constraint stations_location_point_check check (sandbox.is_ewkt_point_4326(location_point)),
    address text,
    city text,
    metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table if not exists public.station_numbers (
    station_id uuid not null references public.stations (id) on delete cascade,
    wa_e164 text not null,
    role text not null check (role in ('manager', 'staff')),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    primary key (station_id, wa_e164)
);

create table if not exists public.campaigns (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    type text not null check (type in ('promo', 'voucher')),
    status text not null default 'draft'
        check (status in ('draft', 'scheduled', 'running', 'paused', 'done', 'cancelled')),
    template_id text not null,
    metadata jsonb not null,
    payload jsonb not null,
    target_audience jsonb not null,
    started_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table if not exists public.vouchers (
    id uuid primary key default gen_random_uuid(),
    code5 text not null unique check (code5 ~ '^[A-Z0-9]{5}$'),
    status text not null default 'issued'
        check (status in ('issued', 'sent', 'redeemed', 'expired', 'void', 'cancelled')),
    amount numeric(12, 2) not null,
    amount_minor integer not null,
    currency text not null default 'RWF',
    station_scope uuid references public.stations (id),
    user_id uuid references public.profiles (user_id),
    campaign_id uuid references public.campaigns (id),
    qr_payload text not null,
    whatsapp_e164 text not null,
    policy_number text not null,
    issued_at timestamptz,
    expires_at timestamptz,
    redeemed_at timestamptz,
    redeemed_by_station_id uuid references public.stations (id),
    metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index if not exists vouchers_station_scope_idx on public.vouchers (station_scope);
create index if not exists vouchers_campaign_id_idx on public.vouchers (campaign_id);
create index if not exists vouchers_user_id_idx on public.vouchers (user_id);

-- Staging upper-cases voucher codes before the CHECK sees them.
create or replace function sandbox.vouchers_upper_code5() returns trigger
    language plpgsql as $$
begin
    new.code5 := upper(new.code5);
    return new;
end
$$;
drop trigger if exists vouchers_upper_code5 on public.vouchers;
create trigger vouchers_upper_code5 before insert or update of code5 on public.vouchers
    for each row execute function sandbox.vouchers_upper_code5();

-- No unique key besides the id, as on staging: fixtures give events deterministic ids and upsert on id.
create table if not exists public.voucher_events (
    id uuid primary key default gen_random_uuid(),
    voucher_id uuid not null references public.vouchers (id) on delete cascade,
    event_type text not null,
    context jsonb not null default '{}',
    created_at timestamptz not null default now()
);
create index if not exists voucher_events_voucher_id_idx on public.voucher_events (voucher_id);

create table if not exists public.campaign_targets (
    id uuid primary key default gen_random_uuid(),
    campaign_id uuid not null references public.campaigns (id) on delete cascade,
    msisdn text not null,
    user_id uuid,
    status text not null default 'queued'
        check (status in ('queued', 'sent', 'delivered', 'read', 'failed', 'policy_blocked', 'cancelled')),
    personalized_vars jsonb not null,
    message_id text,
    error_code text,
    last_update_at timestamptz,
    created_at timestamptz not null default now(),
    constraint campaign_targets_campaign_id_msisdn_key unique (campaign_id, msisdn)
);

-- Sandbox only: every send the campaign dispatcher made, to prove "exactly once".
create table if not exists public.campaign_dispatches (
    id bigserial primary key,
    batch_reference text not null,
    campaign_id uuid not null,
    msisdn text not null,
    attempt integer not null,
    outcome text not null,
    reason text,
    message_id text,
    at timestamptz not null default now()
);
create index if not exists campaign_dispatches_batch_reference_idx on public.campaign_dispatches (batch_reference);
create index if not exists campaign_dispatches_campaign_msisdn_idx on public.campaign_dispatches (campaign_id, msisdn);

-- Sandbox only: the dispatcher's replay memory (owned by the campaign journey).
create table if not exists public.campaign_batches (
    batch_reference text primary key,
    campaign_id uuid,
    targets integer,
    response jsonb,
    received_at timestamptz not null default now()
);

-- Journey additions follow.
