// The one mapping from a thrown value to what a person reads: the CLI keeps the analyst's own paths,
// a page never sees a folder path (a browser-mode server's temp folder is nobody's business).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RegulaError, toUserError as engineError } from '../../../electron/engine/errors';
import { describeError, hidePaths, toUserError } from '../../../shared/userError';

describe('user errors', () => {
  const thrown = new RegulaError('bad-file', 'Cannot read /tmp/regula-upload-x1/part/sales.csv: row 3', { file: '/home/ana/data/sales.csv', row: 3 });

  it('keeps paths for the CLI and the engine', () => {
    expect(describeError(thrown)).toEqual({ code: 'bad-file', message: thrown.message, file: '/home/ana/data/sales.csv', row: 3 });
    expect(engineError(thrown)).toEqual(describeError(thrown));
  });

  it('hides every folder path from a page, POSIX and Windows, keeping the file name', () => {
    const shown = toUserError(thrown);
    expect(shown).toEqual({ code: 'bad-file', message: 'Cannot read sales.csv: row 3', file: 'sales.csv', row: 3 });
    expect(hidePaths('Could not open C:\\Users\\Ana\\Desktop\\q3.xlsx now')).toBe('Could not open q3.xlsx now');
  });

  it('describes schema failures by field and anything else as internal', () => {
    const parsed = z.object({ lambda: z.number().min(0) }).safeParse({ lambda: -1 });
    if (parsed.success) throw new Error('schema accepted a negative λ');
    const err = describeError(parsed.error);
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/^lambda: /);
    expect(describeError('boom')).toEqual({ code: 'internal', message: 'boom' });
    // A reply that already carries a UserError (the window's LabError) passes through as it is.
    expect(describeError({ detail: { code: 'locked', message: 'open elsewhere' } })).toEqual({ code: 'locked', message: 'open elsewhere' });
  });
});
