// Errors are values the user can read. Each names what it is about (file, row, column, setting)
// and is raised once where that is known; faces turn it into a UserError reply or a CLI message.
import type { UserError } from '../../shared/domain';

export interface ErrorPlace {
  file?: string;
  row?: number;
  column?: string;
}

export class RegulaError extends Error {
  readonly code: string;
  readonly place: ErrorPlace;

  constructor(code: string, message: string, place: ErrorPlace = {}) {
    super(message);
    this.name = 'RegulaError';
    this.code = code;
    this.place = place;
  }

  toUserError(): UserError {
    return { code: this.code, message: this.message, ...this.place };
  }
}

/** Any thrown value as a UserError; unexpected errors keep their message but get a generic code. */
export function toUserError(err: unknown): UserError {
  if (err instanceof RegulaError) return err.toUserError();
  if (err && typeof err === 'object' && 'issues' in err && Array.isArray((err as { issues: unknown }).issues)) {
    const issues = (err as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    const text = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    return { code: 'invalid-input', message: text || 'Invalid input.' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
