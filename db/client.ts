/**
 * The app's database: one Prisma client through a driver adapter, chosen by the URL:
 * `file:` → SQLite (better-sqlite3, the embedded default for one machine), `postgresql://` →
 * PostgreSQL (node-postgres, for more than one machine). Both clients are generated from the
 * one schema (scripts/postgresql-schema.ts makes the PostgreSQL variant), so they have the
 * same models and methods; the code is typed against the SQLite one.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Prisma, PrismaClient } from '../generated/prisma/client';

export { Prisma, PrismaClient };
export type Tx = Prisma.TransactionClient;

export type DatabaseProvider = 'sqlite' | 'postgresql';

export function databaseProvider(databaseUrl: string): DatabaseProvider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), not "${databaseUrl.split(':')[0]}:"`);
}

const providers = new WeakMap<object, DatabaseProvider>();

/** The database a client of createPrismaClient talks to (SQLite for any other client). */
export function databaseProviderOf(prisma: object): DatabaseProvider {
  return providers.get(prisma) ?? 'sqlite';
}

/**
 * A case-insensitive "contains" filter that means the same on both databases: SQLite's LIKE
 * ignores the case of ASCII letters, PostgreSQL's LIKE does not (its ILIKE does). A credit
 * code typed in lower case finds the business on either.
 */
export function containsText(prisma: object, text: string): Prisma.StringFilter {
  return databaseProviderOf(prisma) === 'postgresql'
    ? ({ contains: text, mode: 'insensitive' } as Prisma.StringFilter)
    : { contains: text };
}

/** The driver adapter a client of createPrismaClient talks through, once it has connected. */
export interface ClientDriver {
  provider: DatabaseProvider;
  adapter: SqlDriverAdapter | null;
}

const drivers = new WeakMap<object, ClientDriver>();

/** The driver of a client of createPrismaClient (undefined for any other client): db/driver-sql.ts runs raw SQL on it. */
export function clientDriverOf(prisma: object): ClientDriver | undefined {
  return drivers.get(prisma);
}

/**
 * The factory Prisma is given, noting the adapter it connects: raw SQL on that same adapter
 * (db/driver-sql.ts) shares the client's SQLite connection and its transaction lock, or its
 * PostgreSQL pool, and skips the client's query pipeline.
 */
function noting(factory: SqlDriverAdapterFactory, driver: ClientDriver): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = () => {
        if (driver.adapter === adapter) driver.adapter = null;
        return dispose();
      };
      driver.adapter = adapter;
      return adapter;
    },
  };
}

export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const driver: ClientDriver = { provider: databaseProvider(databaseUrl), adapter: null };
  const client = openClient(databaseUrl, options, (factory) => noting(factory, driver));
  providers.set(client, driver.provider);
  drivers.set(client, driver);
  return client;
}

function openClient(
  databaseUrl: string,
  options: { poolSize?: number },
  wrap: (factory: SqlDriverAdapterFactory) => SqlDriverAdapterFactory,
): PrismaClient {
  if (databaseProvider(databaseUrl) === 'postgresql') {
    // Loaded only when asked for: a SQLite deployment never loads node-postgres or the second client.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { PrismaPg } = require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
    const postgres = require('../generated/prisma-postgresql/client') as typeof import('../generated/prisma-postgresql/client');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const adapter = wrap(new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 }));
    // Same models, same methods: the clients differ only in the SQL they speak.
    return new postgres.PrismaClient({ adapter }) as unknown as PrismaClient;
  }
  return new PrismaClient({ adapter: wrap(new PrismaBetterSQLite3({ url: databaseUrl })) });
}
