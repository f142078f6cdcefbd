import { describe, expect, it } from 'vitest';
import { readFileAsBase64 } from '../../../renderer/src/files';

describe('reading a picked file for upload', () => {
  it('encodes bytes exactly, across slice boundaries', async () => {
    // Not a multiple of 3 and larger than one slice, with every byte value present.
    const bytes = new Uint8Array(600_001).map((_, i) => (i * 131 + 7) % 256);
    const encoded = await readFileAsBase64(new Blob([bytes]));
    expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('encodes an empty file as an empty string', async () => {
    expect(await readFileAsBase64(new Blob([]))).toBe('');
  });
});
