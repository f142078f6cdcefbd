// The limits a form shows and checks, read from the contract's own schemas, so the window can never
// accept a value the engine refuses (or refuse one it accepts) — e.g. the largest epoch count.
import type { z } from 'zod';

export interface NumberRule {
  min?: number;
  minInclusive: boolean;
  max?: number;
  maxInclusive: boolean;
  integer: boolean;
}

interface CheckDef {
  check?: string;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
}

/** Looks through `.default()` / `.optional()` wrappers to the number schema inside. */
function unwrapNumber(schema: z.ZodType): z.ZodNumber {
  let current: z.ZodType = schema;
  for (let i = 0; i < 5; i++) {
    const def = (current as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
    if (def.type === 'number') return current as z.ZodNumber;
    if (!def.innerType) break;
    current = def.innerType;
  }
  throw new Error('formRules: not a number schema');
}

export function numberRule(schema: z.ZodType): NumberRule {
  const n = unwrapNumber(schema);
  const rule: NumberRule = { minInclusive: true, maxInclusive: true, integer: n.isInt === true };
  const checks = ((n as unknown as { def: { checks?: { _zod: { def: CheckDef } }[] } }).def.checks ?? []).map((c) => c._zod.def);
  for (const c of checks) {
    if (typeof c.value !== 'number') continue;
    if (c.check === 'greater_than' && (rule.min === undefined || c.value >= rule.min)) {
      rule.min = c.value;
      rule.minInclusive = c.inclusive !== false;
    } else if (c.check === 'less_than' && (rule.max === undefined || c.value <= rule.max)) {
      rule.max = c.value;
      rule.maxInclusive = c.inclusive !== false;
    }
  }
  // zod's int() also bounds to safe integers; those bounds say nothing to a person.
  if (rule.integer && rule.max !== undefined && rule.max >= Number.MAX_SAFE_INTEGER) delete rule.max;
  if (rule.integer && rule.min !== undefined && rule.min <= Number.MIN_SAFE_INTEGER) delete rule.min;
  return rule;
}

function show(n: number): string {
  return Math.abs(n) >= 10_000 ? n.toLocaleString('en-US') : String(n);
}

/** "a whole number from 1 to 100,000", "a number > 0 and ≤ 10", from the rule alone. */
export function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const { min, max } = rule;
  if (min !== undefined && max !== undefined && rule.minInclusive && rule.maxInclusive) return `${kind} from ${show(min)} to ${show(max)}`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${rule.minInclusive ? '≥' : '>'} ${show(min)}`);
  if (max !== undefined) parts.push(`${rule.maxInclusive ? '≤' : '<'} ${show(max)}`);
  return parts.length > 0 ? `${kind} ${parts.join(' and ')}` : kind;
}

/** True when `value` satisfies the rule (the schema still has the last word). */
export function obeys(rule: NumberRule, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min !== undefined && (rule.minInclusive ? value < rule.min : value <= rule.min)) return false;
  if (rule.max !== undefined && (rule.maxInclusive ? value > rule.max : value >= rule.max)) return false;
  return true;
}

/** Enum values of a (possibly defaulted) enum schema, in the schema's order. */
export function enumValues<T extends string>(schema: z.ZodType<T>): T[] {
  let current: unknown = schema;
  for (let i = 0; i < 5; i++) {
    const c = current as { options?: unknown; def: { innerType?: unknown } };
    if (Array.isArray(c.options)) return c.options as T[];
    current = c.def.innerType;
    if (!current) break;
  }
  throw new Error('formRules: not an enum schema');
}
