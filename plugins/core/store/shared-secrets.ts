/**
 * Secrets the project generates for itself (the staff token secret, the
 * webhook secret) kept in the store every instance shares, so a token signed
 * by one instance is verified by another and Twenty's one webhook is signed
 * with a secret all of them know. Each is created once: the first instance's
 * insert wins (the primary key decides, inside Postgres), and every instance,
 * the first included, reads back the value that won.
 */
import type { Sql } from '../../../db/database';
import { openDatabase } from '../../../db/database';
import { CORE_MIGRATIONS, CORE_PLUGIN } from './core-migrations';
import { runMigrations } from './migrations';

/** `name → candidate`: the candidate is stored unless a value is there already; answers the stored values. */
export async function sharedSecrets<K extends string>(
  sql: Sql,
  candidates: Readonly<Record<K, string>>,
): Promise<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const name of Object.keys(candidates) as K[]) {
    await sql.query(
      'insert into realty_secrets (name, value) values ($1, $2) on conflict (name) do nothing',
      [name, candidates[name]],
    );
    const r = await sql.query<{ value: string }>('select value from realty_secrets where name = $1', [name]);
    const value = r.rows[0]?.value;
    if (value === undefined) throw new Error(`the store lost the secret "${name}" it just created`);
    out[name] = value;
  }
  return out;
}

/** The same, against a Postgres server by URL (before any runtime is open): migrates the core first. */
export async function sharedSecretsAt<K extends string>(
  url: string,
  candidates: Readonly<Record<K, string>>,
): Promise<Record<K, string>> {
  const sql = await openDatabase({ url });
  try {
    await runMigrations(sql, CORE_PLUGIN, CORE_MIGRATIONS);
    return await sharedSecrets(sql, candidates);
  } finally {
    await sql.close();
  }
}
