export interface LocalPostgres {
  /** postgres://firstsync:<generated password>@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  startSeconds: number;
  /** 0 when the package was already installed. */
  installedSeconds: number;
  dir: string;
}

export function ensurePostgresInstalled(): { bin: string; installedSeconds: number };
export function sparePort(): Promise<number>;
export function startLocalPostgres(options?: { port?: number; durable?: boolean }): Promise<LocalPostgres>;
export function stopLocalPostgres(options?: { port?: number; keepData?: boolean }): Promise<boolean>;
export function postgresStatus(options?: { port?: number }): { installed: boolean; running: boolean; url?: string };
