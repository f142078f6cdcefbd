// Strict parsing of numeric flags: "--l1 abc" is an error that names the flag, never NaN.
import { RegulaError } from '../engine/index';

export function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new RegulaError('bad-option', `${flag} must be a number (got "${value}").`);
  return n;
}

export function integerFlag(flag: string, value: string | undefined): number | undefined {
  const n = numberFlag(flag, value);
  if (n !== undefined && !Number.isInteger(n)) throw new RegulaError('bad-option', `${flag} must be a whole number (got "${value}").`);
  return n;
}

export function listFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function choiceFlag<T extends string>(flag: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new RegulaError('bad-option', `${flag} must be one of ${choices.join(', ')} (got "${value}").`);
  return value as T;
}
