import type { ChildProcess } from 'node:child_process';

export interface SmtpServer {
  readonly host: string;
  readonly port: number;
  readonly maildir: string;
  readonly pid: number | undefined;
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
}

export interface ReceivedMail {
  readonly file: string;
  /** The message as received (RFC 5322 source). */
  readonly raw: string;
  readonly mailFrom: string | null;
  readonly rcptTos: readonly string[];
}

export function findPython(env?: NodeJS.ProcessEnv): string;
export function startSmtp(options: { port?: number; host?: string; maildir: string; python?: string }): Promise<SmtpServer>;
export function stopSmtp(server: SmtpServer | undefined): Promise<void>;
export function readMaildir(maildir: string): Promise<ReceivedMail[]>;
