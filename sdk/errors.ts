/**
 * One base class and a subclass per failure a caller can act on, in the
 * spirit of stripe-node's src/Error.ts. Every error carries a stable `code`;
 * API errors also carry what Twenty said (`status`, `error`, `messages`) and
 * which call failed (`method`, `path`), so a log line diagnoses on its own.
 */

export class TwentyError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export interface TwentyApiErrorInit {
  status: number;
  /** Twenty's error name, e.g. `BadRequestException`. */
  error: string;
  messages: string[];
  method: string;
  path: string;
  requestId?: string;
  /** Attempts the call made before giving up (1 = no retry). */
  attempts?: number;
}

export class TwentyApiError extends TwentyError {
  readonly status: number;
  readonly error: string;
  readonly messages: string[];
  readonly method: string;
  readonly path: string;
  readonly requestId?: string;
  readonly attempts: number;

  constructor(init: TwentyApiErrorInit, message?: string, code = 'api_error') {
    super(code, message ?? describeApiFailure(init));
    this.status = init.status;
    this.error = init.error;
    this.messages = init.messages;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
  }
}

export class TwentyAuthenticationError extends TwentyApiError {
  readonly keyFingerprint: string;

  constructor(init: TwentyApiErrorInit & { keyFingerprint: string }) {
    const said = init.messages.length > 0 ? ` ${init.messages.join('; ')}` : '';
    super(
      init,
      `Twenty rejected the API key (${init.status}${said}) on ${init.method} ${init.path} — check TWENTY_API_KEY; key fingerprint ${init.keyFingerprint}…`,
      'authentication_failed',
    );
    this.keyFingerprint = init.keyFingerprint;
  }
}

export class TwentyPermissionError extends TwentyApiError {
  constructor(init: TwentyApiErrorInit) {
    super(
      init,
      `Twenty refused ${init.method} ${init.path} (403): ${joinMessages(init)} — the API key's role lacks this permission`,
      'permission_denied',
    );
  }
}

export class TwentyNotFoundError extends TwentyApiError {
  constructor(init: TwentyApiErrorInit) {
    super(
      init,
      `Twenty found nothing at ${init.method} ${init.path} (${init.status}): ${joinMessages(init)}`,
      'not_found',
    );
  }
}

export class TwentyValidationError extends TwentyApiError {
  constructor(init: TwentyApiErrorInit) {
    super(
      init,
      `Twenty rejected ${init.method} ${init.path} (${init.status} ${init.error}): ${joinMessages(init)}`,
      'invalid_request',
    );
  }
}

export class TwentyRateLimitError extends TwentyApiError {
  constructor(init: TwentyApiErrorInit) {
    super(
      init,
      `Twenty's rate limit was reached on ${init.method} ${init.path} after ${init.attempts ?? 1} attempt(s): ${joinMessages(init)} — share one limiter between clients of a workspace or lower rateLimit.requestsPerMinute`,
      'rate_limited',
    );
  }
}

export class TwentyNetworkError extends TwentyError {
  readonly method: string;
  readonly path: string;
  /** The socket-level code, e.g. ECONNREFUSED. */
  readonly networkCode?: string;

  constructor(init: { method: string; path: string; networkCode?: string; detail: string; cause?: unknown }) {
    super(
      'network_error',
      `could not reach Twenty for ${init.method} ${init.path}: ${init.detail}${init.networkCode ? ` (${init.networkCode})` : ''} — is TWENTY_URL right and the server up?`,
      { cause: init.cause },
    );
    this.method = init.method;
    this.path = init.path;
    this.networkCode = init.networkCode;
  }
}

export class TwentyTimeoutError extends TwentyError {
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(init: { method: string; path: string; timeoutMs: number; cause?: unknown }) {
    super(
      'timeout',
      `Twenty did not answer ${init.method} ${init.path} within ${Math.round(init.timeoutMs)} ms`,
      {
        cause: init.cause,
      },
    );
    this.method = init.method;
    this.path = init.path;
    this.timeoutMs = init.timeoutMs;
  }
}

export class TwentyDeadlineExceededError extends TwentyError {
  readonly method: string;
  readonly path: string;
  readonly deadlineMs: number;
  readonly attempts: number;

  constructor(init: {
    method: string;
    path: string;
    deadlineMs: number;
    attempts: number;
    lastError?: unknown;
  }) {
    const last = init.lastError instanceof Error ? `; last failure: ${init.lastError.message}` : '';
    super(
      'deadline_exceeded',
      `${init.method} ${init.path} did not succeed within its ${init.deadlineMs} ms deadline (${init.attempts} attempt(s))${last}`,
      { cause: init.lastError },
    );
    this.method = init.method;
    this.path = init.path;
    this.deadlineMs = init.deadlineMs;
    this.attempts = init.attempts;
  }
}

export class TwentyResponseShapeError extends TwentyError {
  readonly method: string;
  readonly path: string;
  readonly issues: string[];

  constructor(init: { method: string; path: string; expected: string; issues: string[] }) {
    super(
      'unexpected_response',
      `Twenty's answer to ${init.method} ${init.path} is not ${init.expected}: ${init.issues.slice(0, 5).join('; ')}`,
    );
    this.method = init.method;
    this.path = init.path;
    this.issues = init.issues;
  }
}

export class TwentyFilterError extends TwentyError {
  readonly field: string;
  readonly reason: string;

  constructor(init: { field: string; reason: string }) {
    super('invalid_filter', `cannot filter on "${init.field}": ${init.reason}`);
    this.field = init.field;
    this.reason = init.reason;
  }
}

/**
 * A file the client refuses to send: empty, above Twenty's upload limit (checked before any
 * request), or a stream that gave another number of bytes than the size it declared.
 */
export class TwentyFileSizeError extends TwentyError {
  readonly fileName: string;
  readonly size: number;
  readonly limit: number;
  /** Set when a stream's bytes did not match its declared `size`. */
  readonly received?: number;

  constructor(init: { fileName: string; size: number; limit: number; received?: number }) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const [code, message] =
      init.received !== undefined
        ? [
            'file_size_mismatch',
            `«${init.fileName}» gave ${init.received} bytes, not the ${init.size} declared — the stream must yield exactly its size`,
          ]
        : init.size === 0
          ? ['file_empty', `«${init.fileName}» is empty: Twenty does not store empty files`]
          : [
              'file_too_large',
              `«${init.fileName}» is ${mb(init.size)} MB, above Twenty's upload limit of ${mb(init.limit)} MB — split it or raise the server's maxFileSize`,
            ];
    super(code, message);
    this.fileName = init.fileName;
    this.size = init.size;
    this.limit = init.limit;
    this.received = init.received;
  }
}

/**
 * A signed file URL (upload target or download link) refused: its token expired, was cut
 * or belongs to another file. Such a URL carries its own token, so the API key is not the cause.
 */
export class TwentyFileUrlError extends TwentyError {
  readonly status: number;
  readonly method: string;
  readonly path: string;

  constructor(init: { status: number; method: string; path: string; messages: string[] }) {
    const said = init.messages.length > 0 ? `: ${init.messages.join('; ')}` : '';
    super(
      init.status === 404 ? 'file_not_found' : 'file_url_refused',
      init.status === 404
        ? `Twenty has no file at ${init.method} ${init.path} (404)${said}`
        : `Twenty refused the signed URL for ${init.method} ${init.path} (${init.status})${said} — the link expired (default lifetime 1 day) or is not this file's; read the attachment again for a fresh one`,
    );
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
  }
}

/** The workspace speaks none of the upload protocols the client knows (era C or B, contract C22). */
export class TwentyFilesUnsupportedError extends TwentyError {
  readonly reasons: string[];

  constructor(reasons: string[]) {
    super(
      'files_unsupported',
      `this Twenty accepts no file upload the client knows (createFileUpload, uploadFile): ${reasons.join('; ')} — see docs/readme/files.md for the versions supported`,
    );
    this.reasons = reasons;
  }
}

export type TwentyWebhookSignatureErrorCode =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'bad_timestamp'
  | 'timestamp_out_of_window'
  | 'signature_mismatch'
  | 'body_reserialized';

export class TwentyWebhookSignatureError extends TwentyError {
  declare readonly code: TwentyWebhookSignatureErrorCode;

  constructor(code: TwentyWebhookSignatureErrorCode, message: string) {
    super(code, message);
  }
}

export class TwentyWebhookPayloadError extends TwentyError {
  readonly issues: string[];

  constructor(issues: string[]) {
    super('bad_webhook_payload', `the webhook body is not a Twenty event: ${issues.slice(0, 5).join('; ')}`);
    this.issues = issues;
  }
}

function joinMessages(init: TwentyApiErrorInit): string {
  return init.messages.length > 0 ? init.messages.join('; ') : '(no message)';
}

function describeApiFailure(init: TwentyApiErrorInit): string {
  return `Twenty answered ${init.status} ${init.error} to ${init.method} ${init.path}: ${joinMessages(init)}`;
}
