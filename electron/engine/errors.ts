// Errors are values the user can read. Each names what it is about (file, row, column, setting)
// and is raised once where that is known; faces turn it into a UserError reply or a CLI message.
import type { UserError } from '../../shared/domain';
import { describeError } from '../../shared/userError';

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

/**
 * Any thrown value as a UserError, paths kept: the engine's callers decide what to hide (the page
 * shows it through shared/userError's `toUserError`, which hides them; the CLI shows the analyst their
 * own paths).
 */
export const toUserError: (err: unknown) => UserError = describeError;
