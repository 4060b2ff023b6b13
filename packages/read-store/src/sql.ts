/** The little of a SQL connection the store needs, so PGlite and node-postgres sit behind one shape. */
export interface SqlRunner {
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlRunner {
  /** Runs `fn` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name is spliced into SQL (identifiers cannot be bound), so only plain lower-case names pass. */
export function schemaIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`read store schema must match ${IDENTIFIER}: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
