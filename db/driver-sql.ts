/**
 * Raw SQL straight on the driver adapter the Prisma client itself uses, past the client's query
 * pipeline. Prisma 6.19 sends even a raw statement through that pipeline: the request as JSON,
 * a plan from its WebAssembly query compiler, the plan's interpreter, its result mapping. That
 * was about a third of the worker's CPU per inspection (BENCHMARKS.md, "The worker's steps on
 * the driver"). The same adapter means the same SQLite connection and the same transaction
 * lock as the client's own transactions, or the same PostgreSQL pool, and the same encoding of
 * every parameter: values are passed and read back exactly as `$queryRaw` passes and reads
 * them (test/migrations/driver-sql.test.ts holds the two side by side on both databases).
 */
import type { ArgType, ColumnType, SqlDriverAdapter, SqlQuery, SqlQueryable, SqlResultSet } from '@prisma/driver-adapter-utils';
import { Prisma, clientDriverOf, type ClientDriver, type PrismaClient } from './client';

/**
 * What a raw statement needs: `$queryRaw` and `$executeRaw` as a tagged template or a
 * `Prisma.sql`. Prisma's client and its transactions are one; the driver's own (below) another.
 */
export interface RawSql {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
}

/** The adapter's column types (ColumnTypeEnum of @prisma/driver-adapter-utils, a type-only import here). */
const COLUMN = { Int32: 0, Int64: 1, Numeric: 4, Boolean: 5, Date: 8, Time: 9, DateTime: 10, Json: 11, Bytes: 13, Uuid: 15, UuidArray: 78 } as const;
const ARRAY_BASE = 64;

/** A parameter as Prisma's client hands it to the adapter: dates as ISO text, big integers as text, bytes as base64. */
function argOf(value: unknown): { arg: unknown; type: ArgType } {
  const type = (scalarType: ArgType['scalarType']): ArgType => ({ scalarType, arity: 'scalar' });
  if (value === null || value === undefined) return { arg: null, type: type('unknown') };
  if (value instanceof Date) return { arg: value.toISOString(), type: type('datetime') };
  switch (typeof value) {
    case 'string':
      return { arg: value, type: type('string') };
    case 'boolean':
      return { arg: value, type: type('boolean') };
    case 'number':
      return { arg: value, type: type(Number.isInteger(value) ? 'int' : 'float') };
    case 'bigint':
      return { arg: value.toString(), type: type('bigint') };
  }
  if (value instanceof Uint8Array) return { arg: Buffer.from(value).toString('base64'), type: type('bytes') };
  throw new TypeError(`a raw SQL parameter must be text, a number, a boolean, a date, bytes or null, not ${Object.prototype.toString.call(value)}`);
}

/** A column's value as `$queryRaw` returns it (the client's own mapping of the adapter's types). */
function valueOf(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (type >= ARRAY_BASE && type < COLUMN.UuidArray + 1 && Array.isArray(value)) {
    const element = (type === COLUMN.UuidArray ? COLUMN.Uuid : type - ARRAY_BASE) as ColumnType;
    return value.map((v) => valueOf(v, element));
  }
  switch (type) {
    case COLUMN.Int32:
      return Math.trunc(Number(value));
    case COLUMN.Int64:
      return BigInt(typeof value === 'number' ? Math.trunc(value) : (value as string | bigint));
    case COLUMN.Numeric:
      return new Prisma.Decimal(value as string);
    case COLUMN.Boolean:
      return typeof value === 'boolean' ? value : value === 'true' || value === '1' || value === 1;
    case COLUMN.Date:
    case COLUMN.DateTime:
      return new Date(value as string);
    case COLUMN.Time:
      return new Date(`1970-01-01T${value as string}Z`);
    case COLUMN.Json:
      return typeof value === 'string' ? JSON.parse(value) : value;
    case COLUMN.Bytes:
      return Array.isArray(value) ? new Uint8Array(value) : value;
    default:
      return value;
  }
}

function rowsOf(result: SqlResultSet): Record<string, unknown>[] {
  const { columnNames, columnTypes } = result;
  return result.rows.map((row) => {
    const object: Record<string, unknown> = {};
    for (let i = 0; i < columnNames.length; i++) object[columnNames[i]!] = valueOf(row[i], columnTypes[i]!);
    return object;
  });
}

/**
 * The adapter's error names only its kind ("UniqueConstraintViolation"); the database's own
 * words, which say which constraint or column, are added to the message a log shows.
 */
function explained(error: unknown): never {
  const said = (error as { cause?: { originalMessage?: unknown } }).cause?.originalMessage;
  if (error instanceof Error && typeof said === 'string' && !error.message.includes(said)) error.message = `${error.message}: ${said}`;
  throw error;
}

class DriverSql implements RawSql {
  constructor(
    /** The transaction, or the client's adapter (connected on first use). */
    private readonly queryable: () => SqlQueryable | Promise<SqlQueryable>,
    private readonly postgres: boolean,
  ) {}

  async $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T> {
    const statement = this.statement(query, values);
    return rowsOf(await (await this.queryable()).queryRaw(statement).catch(explained)) as T;
  }

  async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number> {
    const statement = this.statement(query, values);
    return (await this.queryable()).executeRaw(statement).catch(explained);
  }

  private statement(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): SqlQuery {
    const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
    const args = sql.values.map(argOf);
    // The placeholders each database takes: $1, $2, … on PostgreSQL, ? on SQLite.
    return { sql: this.postgres ? sql.text : sql.sql, args: args.map((a) => a.arg), argTypes: args.map((a) => a.type) };
  }
}

/** Whether `sql` runs on the driver's own transaction or connection (not a Prisma client). */
export function isDriverSql(sql: RawSql): boolean {
  return sql instanceof DriverSql;
}

const control = (sql: 'COMMIT' | 'ROLLBACK'): SqlQuery => ({ sql, args: [], argTypes: [] });

/** The client's adapter; Prisma connects on first use, so a client not used yet is connected here. */
async function adapterOf(prisma: PrismaClient, driver: ClientDriver): Promise<SqlDriverAdapter> {
  if (!driver.adapter) await prisma.$connect();
  if (!driver.adapter) throw new Error('the database client connected without its driver adapter');
  return driver.adapter;
}

/**
 * Runs `work` in one transaction on the client's driver: committed when it returns, rolled back
 * when it throws, as Prisma's own interactive transaction does (the same BEGIN, COMMIT and
 * ROLLBACK, the same lock on SQLite). A client not made by createPrismaClient runs it in
 * Prisma's transaction instead.
 */
export async function inDriverTransaction<T>(prisma: PrismaClient, work: (sql: RawSql) => Promise<T>): Promise<T> {
  const driver = clientDriverOf(prisma);
  if (!driver) return prisma.$transaction((tx) => work(tx));
  const tx = await (await adapterOf(prisma, driver)).startTransaction();
  let result: T;
  try {
    result = await work(new DriverSql(() => tx, driver.provider === 'postgresql'));
    await tx.executeRaw(control('COMMIT'));
  } catch (error) {
    // A failed COMMIT may leave the transaction open (or have ended it: then ROLLBACK only complains).
    await tx.executeRaw(control('ROLLBACK')).catch(() => undefined);
    await tx.rollback();
    throw error;
  }
  await tx.commit();
  return result;
}

const clientSql = new WeakMap<object, RawSql>();

/**
 * Where raw statements of `db` run best: for a client of createPrismaClient, its driver
 * (outside any transaction, as the client's own `$queryRaw` would run them); a transaction, the
 * driver's own or Prisma's, or any other client, as it is.
 */
export function sqlOf(db: RawSql): RawSql {
  const driver = clientDriverOf(db);
  if (!driver) return db;
  let sql = clientSql.get(db);
  if (!sql) {
    sql = new DriverSql(() => driver.adapter ?? adapterOf(db as PrismaClient, driver), driver.provider === 'postgresql');
    clientSql.set(db, sql);
  }
  return sql;
}
