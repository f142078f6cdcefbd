// The one mapping from anything thrown to an error a person can read, used by the engine's replies,
// the CLI and the window alike. It never lets an internal folder path through: the analyst knows
// their file by its name, and a server's temp folder is nobody's business.
import type { UserError } from './domain';

const POSIX_PATH = /(?<![\w:/.])(?:\/[\w.@~+-]+){2,}\/?/g;
const WINDOWS_PATH = /\b[A-Za-z]:\\(?:[^\\\s"'“”]+\\)*[^\\\s"'“”]*/g;

function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}

/** Replaces absolute paths in a message by the last part of each (the file or folder name). */
export function hidePaths(message: string): string {
  return message.replace(WINDOWS_PATH, baseName).replace(POSIX_PATH, baseName);
}

function isUserError(value: unknown): value is UserError {
  return !!value && typeof value === 'object' && typeof (value as UserError).code === 'string' && typeof (value as UserError).message === 'string';
}

function clean(error: UserError): UserError {
  const out: UserError = { ...error, message: hidePaths(error.message) };
  if (out.file !== undefined) out.file = baseName(out.file);
  return out;
}

/**
 * Any thrown value as a UserError with its paths as they were: the CLI shows the analyst's own full
 * paths, which help them; unexpected errors keep their message but get a generic code.
 */
export function describeError(err: unknown): UserError {
  if (err && typeof err === 'object') {
    // RegulaError (engine) knows its own place; LabError (window) carries the engine's reply.
    const self = err as { toUserError?: () => unknown; detail?: unknown; issues?: unknown };
    if (typeof self.toUserError === 'function') {
      const e = self.toUserError();
      if (isUserError(e)) return e;
    }
    if (isUserError(self.detail)) return self.detail;
    if (Array.isArray(self.issues)) {
      const issues = self.issues as { path: PropertyKey[]; message: string }[];
      const text = issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
      return { code: 'invalid-input', message: text || 'Invalid input.' };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

/** Any thrown value as a UserError fit for a page: no folder path is left in it. */
export function toUserError(err: unknown): UserError {
  return clean(describeError(err));
}
