// `credkit migrate`: brings the database DATABASE_URL names up to date (what `serve` also does at start), or with
// --print shows the SQL the pending migrations run, without running it.
import { parseArgs } from 'node:util';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { loadConfig } from '@credkit/server';
import { MIGRATIONS, migrateToLatest, pendingMigrations } from '@credkit/server';
import { openSqlite } from '@credkit/server';
import { openPostgres } from '@credkit/server';

const HELP = `usage: credkit migrate [--print [--all]] [--config FILE]

Applies the database migrations that DATABASE_URL's database has not run (serve runs them at start too; several
instances starting at once are safe: the migrator takes a lock). Prints the names of those it applied.

  --print   print the SQL of the pending migrations instead of running them (connects to see which are pending)
  --all     with --print: every migration, for DATABASE_URL's engine, without connecting
  --config FILE  JSON config file; DATABASE_URL, DATABASE_SCHEMA and CREDKIT_CONFIG as for serve

--print is for review: apply with 'credkit migrate', which also records each migration in kysely_migration.`;

type Engine = 'sqlite' | 'postgres';

/** The SQL each migration runs on `engine`, compiled without a database (Kysely's DummyDriver). */
export async function migrationSql(engine: Engine, names: string[]): Promise<string> {
  const out: string[] = [];
  let queries: CompiledQuery[] = [];
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => (engine === 'sqlite' ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) =>
        engine === 'sqlite' ? new SqliteIntrospector(kysely) : new PostgresIntrospector(kysely),
      createQueryCompiler: () =>
        engine === 'sqlite' ? new SqliteQueryCompiler() : new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  for (const name of names) {
    queries = [];
    await MIGRATIONS[name]!.up(db);
    out.push(`-- ${name}`);
    for (const query of queries) {
      const params = query.parameters.length ? ` -- parameters: ${JSON.stringify(query.parameters)}` : '';
      out.push(`${query.sql};${params}`);
    }
    out.push('');
  }
  await db.destroy();
  return out.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  let values: { help?: boolean; print?: boolean; all?: boolean; config?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        print: { type: 'boolean' },
        all: { type: 'boolean' },
        config: { type: 'string' },
      },
    }));
  } catch (e) {
    console.error(`credkit migrate: ${(e as Error).message}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.all && !values.print) {
    console.error('credkit migrate: --all goes with --print');
    return 2;
  }
  const config = loadConfig(process.env, values.config ?? process.env.CREDKIT_CONFIG);
  const engine: Engine = config.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  if (values.print && values.all) {
    process.stdout.write(await migrationSql(engine, Object.keys(MIGRATIONS)));
    return 0;
  }
  const schema = engine === 'postgres' ? config.databaseSchema : undefined;
  const db = (
    engine === 'sqlite' ? openSqlite(config.databaseUrl) : await openPostgres(config.databaseUrl, schema, 1)
  ).db as Kysely<unknown>;
  try {
    if (values.print) {
      const pending = await pendingMigrations(db, schema);
      if (pending.length === 0) console.log('-- no pending migrations: the schema is up to date');
      else process.stdout.write(await migrationSql(engine, pending));
      return 0;
    }
    const applied = await migrateToLatest(db, schema);
    const total = Object.keys(MIGRATIONS).length;
    if (applied.length === 0) console.log(`the schema is up to date (${total} migrations)`);
    else console.log(`applied ${applied.join(', ')} (${total} migrations in all)`);
    return 0;
  } finally {
    await db.destroy();
  }
}
