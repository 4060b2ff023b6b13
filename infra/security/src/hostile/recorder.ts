/** Which service an exchange was with. */
export type Target = 'ingest' | 'dashboard';

/** One HTTP request of the run and what came back (status 0: no answer at all). */
export interface Exchange {
  readonly target: Target;
  /** The attack family, e.g. `duplicate JSON keys`, `dashboard route fuzz`. */
  readonly group: string;
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly location?: string;
  /** For a network failure or timeout: the error's name and code (never a body). */
  readonly error?: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface SendOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
  readonly timeoutMs?: number;
}

/**
 * Sends requests over real HTTP (never following redirects: where they point is what is checked)
 * and keeps every exchange, so the figures count exactly what was tried. A stream (SSE) answer is
 * judged by its status and headers, then closed.
 */
export class Recorder {
  readonly exchanges: Exchange[] = [];

  async send(target: Target, group: string, label: string, url: string, options: SendOptions = {}): Promise<Answer> {
    const method = options.method ?? 'GET';
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    try {
      const response = await fetch(url, {
        method,
        headers: options.headers ?? {},
        ...(options.body !== undefined ? { body: options.body } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
      const contentType = response.headers.get('content-type') ?? '';
      let text = '';
      if (contentType.startsWith('text/event-stream')) await response.body?.cancel();
      else text = await response.text();
      const location = response.headers.get('location');
      this.exchanges.push({ target, group, label, method, path, status: response.status, contentType, ...(location !== null ? { location } : {}) });
      return { status: response.status, headers: response.headers, text };
    } catch (err) {
      const error =
        err instanceof Error ? `${err.name}${(err.cause as { code?: string } | undefined)?.code ? ` ${(err.cause as { code: string }).code}` : ''}` : 'error';
      this.exchanges.push({ target, group, label, method, path, status: 0, contentType: '', error });
      return { status: 0, headers: new Headers(), text: '' };
    }
  }
}
