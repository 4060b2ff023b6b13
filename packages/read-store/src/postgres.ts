import pg from 'pg';
import type { SqlDatabase } from './sql';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** Pool size; a dashboard instance needs few. */
  max?: number;
}

/** A real PostgreSQL server through node-postgres' pool; each transaction holds one pooled connection. */
export function postgresDatabase(options: PostgresOptions): SqlDatabase {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 5 });
  // An idle pooled connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query<Row>(sql, [...params])).rows;
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
            return (await client.query<Row>(sql, [...params])).rows;
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
