/**
 * The runtime's own tables. Plugins add theirs through their `migrations`;
 * these run first under the plugin name `core`. Append new entries, never
 * edit a released one.
 */
import type { Migration } from './migrations';

export const CORE_PLUGIN = 'core';

export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    id: '001_queue',
    name: 'durable job queue',
    sql: `
      create table realty_queue (
        id bigint generated always as identity primary key,
        kind text not null,
        dedupe_key text unique,
        payload jsonb not null,
        status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
        attempts integer not null default 0,
        max_attempts integer not null default 5,
        run_after timestamptz not null default now(),
        locked_until timestamptz,
        locked_by text,
        last_error text,
        created_at timestamptz not null default now(),
        finished_at timestamptz
      );
      create index realty_queue_ready on realty_queue (run_after, id) where status in ('pending', 'running');
      create index realty_queue_dead on realty_queue (finished_at) where status = 'dead';`,
  },
  {
    id: '002_own_writes',
    name: 'records the runtime wrote (echo detection)',
    sql: `
      create table realty_own_writes (
        object text not null,
        record_id text not null,
        operation text not null,
        updated_at timestamptz,
        written_at timestamptz not null default now()
      );
      create index realty_own_writes_record on realty_own_writes (object, record_id, written_at);`,
  },
  {
    id: '003_job_runs',
    name: 'scheduled job runs',
    sql: `
      create table realty_job_runs (
        id bigint generated always as identity primary key,
        job text not null,
        trigger text not null,
        status text not null check (status in ('running', 'succeeded', 'failed')),
        started_at timestamptz not null,
        finished_at timestamptz,
        error text
      );
      create index realty_job_runs_job on realty_job_runs (job, started_at desc);`,
  },
  {
    id: '004_read_model',
    name: 'read model bookkeeping and sweep watermarks',
    sql: `
      create table realty_watermarks (
        object text primary key,
        watermark timestamptz not null,
        swept_at timestamptz not null default now()
      );
      create table realty_rm_tombstones (
        object text not null,
        id uuid not null,
        destroyed_at timestamptz not null default now(),
        primary key (object, id)
      );`,
  },
  {
    id: '005_staff_sessions',
    name: 'staff sign-in codes and sessions (sha256 of the secrets only)',
    sql: `
      create table realty_sign_in_codes (
        code_hash text primary key,
        member_id uuid not null,
        email text not null,
        role text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz
      );
      create table realty_staff_sessions (
        id_hash text primary key,
        member_id uuid not null,
        email text not null,
        role text not null,
        created_at timestamptz not null,
        last_seen_at timestamptz not null,
        expires_at timestamptz not null,
        ended_at timestamptz
      );
      create index realty_staff_sessions_member on realty_staff_sessions (member_id) where ended_at is null;
      create index realty_staff_sessions_email on realty_staff_sessions (lower(email)) where ended_at is null;`,
  },
  {
    id: '006_own_write_origin',
    name: 'who made each own write (plugin, kind, name): its echo skips only that handler',
    sql: `alter table realty_own_writes add column origin jsonb;`,
  },
  {
    id: '007_shared_state',
    name: 'attempt counters and generated secrets shared by every instance',
    sql: `
      create table realty_attempt_windows (
        limiter text not null,
        key text not null,
        window_start timestamptz not null,
        count integer not null,
        primary key (limiter, key)
      );
      create index realty_attempt_windows_start on realty_attempt_windows (window_start);
      create table realty_secrets (
        name text primary key,
        value text not null,
        created_at timestamptz not null default now()
      );`,
  },
];
