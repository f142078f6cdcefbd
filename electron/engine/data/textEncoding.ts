// Which character encoding a text file uses, judged from its first bytes: a byte-order mark;
// UTF-16 without one (every other byte zero in ASCII-heavy text); valid UTF-8; else Windows-1252,
// which is what Excel on Windows writes for "CSV" and which decodes any byte. The text is always
// decoded with TextDecoder before parsing: CSV parsers given raw UTF-16 bytes produce garbage.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

export function detectEncoding(head: Uint8Array, isWholeFile: boolean): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const utf16 = guessUtf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  return { encoding: isValidUtf8(head, isWholeFile) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

function guessUtf16WithoutBom(head: Uint8Array): TextEncodingName | undefined {
  const pairs = Math.min(head.length >> 1, 4096);
  if (pairs < 2) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) zeroEven++;
    if (head[2 * i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd > 0.4 * pairs && zeroEven < 0.05 * pairs) return 'utf-16le';
  if (zeroEven > 0.4 * pairs && zeroOdd < 0.05 * pairs) return 'utf-16be';
  return undefined;
}

/** Strict UTF-8 check; a multi-byte sequence cut off at the end of a partial read is allowed. */
function isValidUtf8(bytes: Uint8Array, isWholeFile: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !isWholeFile });
    return true;
  } catch {
    return false;
  }
}

/** The names the analyst may give in options.encoding, mapped to what TextDecoder accepts. */
export function normalizeEncodingName(name: string): TextEncodingName | undefined {
  const key = name.trim().toLowerCase().replace(/[_\s]/g, '-');
  if (key === 'utf-8' || key === 'utf8' || key === 'utf-8-sig') return 'utf-8';
  if (key === 'utf-16' || key === 'utf-16le' || key === 'utf16le' || key === 'utf16') return 'utf-16le';
  if (key === 'utf-16be' || key === 'utf16be') return 'utf-16be';
  if (['windows-1252', 'cp1252', 'latin1', 'latin-1', 'iso-8859-1', 'ansi'].includes(key)) return 'windows-1252';
  return undefined;
}

/**
 * Whether decoded text is binary junk rather than a table: NUL characters, or many control
 * characters that no spreadsheet writes (tab, CR, LF and form feed are allowed).
 */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 65536);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  return control > 0.02 * n;
}
