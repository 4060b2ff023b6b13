/**
 * Typed MESH failures. Messages carry only the operation, HTTP status and MESH error codes: never
 * the recipient address (a GPPROVIDER_ address holds an NHS number, birth date and surname), the
 * subject, or a response body, so any of these can be logged as they are.
 */
export type MeshOperation = 'handshake' | 'send' | 'send-chunk' | 'inbox' | 'download' | 'acknowledge' | 'endpoint-lookup';

export abstract class MeshError extends Error {
  abstract readonly kind: 'http' | 'timeout' | 'network' | 'protocol';
  /** Whether repeating the same request later may succeed (5xx, 408/429, timeouts, network). */
  abstract readonly retryable: boolean;
  constructor(
    readonly operation: MeshOperation,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A MESH error body's machine-readable part (v2 `detail[]` or v1 `errorCode`/`errorEvent`). */
export interface MeshErrorDetail {
  event?: string;
  code?: string;
}

export class MeshHttpError extends MeshError {
  readonly kind = 'http' as const;
  readonly retryable: boolean;
  constructor(
    operation: MeshOperation,
    readonly status: number,
    readonly detail: MeshErrorDetail = {},
    /** MESH message id the error refers to, when the API names one. */
    readonly messageId?: string,
  ) {
    const codes = [detail.event, detail.code].filter(Boolean).join('/');
    super(operation, `MESH ${operation} failed: HTTP ${status}${codes ? ` (${codes})` : ''}`);
    this.retryable = status >= 500 || status === 408 || status === 429;
  }

  /** 401/403: the token, certificate or mailbox was refused; retrying unchanged will not help. */
  get authenticationFailed(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export class MeshTimeoutError extends MeshError {
  readonly kind = 'timeout' as const;
  readonly retryable = true;
  constructor(
    operation: MeshOperation,
    readonly timeoutMs: number,
  ) {
    super(operation, `MESH ${operation} timed out after ${timeoutMs} ms`);
  }
}

export class MeshNetworkError extends MeshError {
  readonly kind = 'network' as const;
  readonly retryable = true;
  constructor(
    operation: MeshOperation,
    readonly code: string,
    cause?: unknown,
  ) {
    // Only the errno/TLS code: a cause's message may quote the URL.
    super(operation, `MESH ${operation} could not reach the server (${code})`, { cause });
  }
}

/** The server answered something this client does not understand (missing id, bad chunk range). */
export class MeshProtocolError extends MeshError {
  readonly kind = 'protocol' as const;
  readonly retryable = false;
  constructor(operation: MeshOperation, problem: string) {
    super(operation, `MESH ${operation}: unexpected response (${problem})`);
  }
}

export function isMeshError(error: unknown): error is MeshError {
  return error instanceof MeshError;
}
