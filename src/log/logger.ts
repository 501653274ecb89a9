// Structured JSON-lines logger. Log record ids and event names only — never message text, names or
// card content (inmate data is special-category data). JSON.stringify escapes CR/LF and control
// characters, so user-controlled values cannot forge extra log lines.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  base: LogFields = {},
): Logger {
  const emit = (lvl: LogLevel, event: string, fields?: LogFields) => {
    if (rank[lvl] < rank[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, event, ...base, ...fields }));
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger('error', () => {});

/** Error facts that are safe to log: class, code and stack frames — not the message, which may quote user input. */
export function errorFields(err: unknown): LogFields {
  if (!(err instanceof Error)) return { errorType: typeof err };
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  const frames = (e.stack ?? '').split('\n').slice(1, 6).map((l) => l.trim()).join(' | ');
  return {
    errorName: e.name,
    errorCode: typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : undefined,
    statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    stack: frames,
  };
}
