// The workbook-level parts of an XLSX that the direct sheet reader needs: sheet names and paths
// (workbook.xml and its relationships), shared strings, and which cell styles show dates. Texts
// are unescaped exactly as SheetJS does, so both readers give the same cells.

const textDecoder = new TextDecoder('utf-8');

export function utf8(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}

// SheetJS's unescapexml, so texts come out exactly as they did through SheetJS.
const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const CODE = /_x([\da-fA-F]{4})_/gi;
const ENTITIES: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&gt;': '>', '&lt;': '<', '&amp;': '&' };
function rawUnescape(text: string): string {
  const cdata = text.indexOf('<![CDATA[');
  if (cdata === -1) {
    if (text.indexOf('&') === -1 && text.indexOf('_x') === -1) return text;
    return text
      .replace(ENTITY, (all: string, code: string) => ENTITIES[all] || String.fromCharCode(parseInt(code, all.indexOf('x') > -1 ? 16 : 10)) || all)
      .replace(CODE, (_m: string, code: string) => String.fromCharCode(parseInt(code, 16)));
  }
  const end = text.indexOf(']]>');
  return rawUnescape(text.slice(0, cdata)) + text.slice(cdata + 9, end) + rawUnescape(text.slice(end + 3));
}
export function unescapeXml(text: string, xlsx?: boolean): string {
  const out = rawUnescape(text);
  return xlsx ? out.replace(/\r\n/g, '\n') : out;
}

/** Attributes of one start tag (the text between the name and '>'), names without prefix. */
function attributes(tag: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const re = /([^\s="'<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m;
  while ((m = re.exec(tag))) {
    const name = m[1] ?? '';
    const colon = name.indexOf(':');
    const local = colon >= 0 && name.slice(0, colon) !== 'xmlns' ? name.slice(colon + 1) : name;
    out[local] = m[2] ?? m[3] ?? '';
  }
  return out;
}

/** Start tags named `local` (any prefix) in an XML string, as attribute maps. */
export function startTags(xml: string, local: string): Record<string, string | undefined>[] {
  const re = new RegExp(`<(?:\\w+:)?${local}\\b([^>]*)>`, 'g');
  const out = [];
  let m;
  while ((m = re.exec(xml))) out.push(attributes(m[1] ?? ''));
  return out;
}

/** A shared or inline string item's text, as SheetJS's parse_si gives it. */
export function stringItem(x: string): string {
  if (!x) return '';
  if (/^\s*<(?:\w+:)?t[^>]*>/.test(x)) return unescapeXml(x.slice(x.indexOf('>') + 1).split(/<\/(?:\w+:)?t>/)[0] || '', true);
  if (/<(?:\w+:)?r\b[^<>]*>/.test(x)) {
    const withoutPhonetic = removePhonetic(x);
    const runs = withoutPhonetic.match(/<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g) || [];
    return unescapeXml(runs.join('').replace(/<[^<>]*>/g, ''), true);
  }
  return '';
}

/**
 * The text without its phonetic runs (<rPh>…</rPh>), in one pass: a lazy regular expression
 * would rescan the rest of the text for every unclosed <rPh> in a hostile file.
 */
function removePhonetic(x: string): string {
  const open = /<(?:\w+:)?rPh\b[^<>]*>/g;
  const close = /<\/(?:\w+:)?rPh>/g;
  let out = '';
  let from = 0;
  let m;
  while ((m = open.exec(x))) {
    out += x.slice(from, m.index);
    close.lastIndex = open.lastIndex;
    if (!close.exec(x)) return out;
    from = open.lastIndex = close.lastIndex;
  }
  return out + x.slice(from);
}

export function sharedStrings(bytes: Uint8Array | undefined): string[] {
  if (!bytes) return [];
  const xml = utf8(bytes);
  const sst = /<(?:\w+:)?sst\b[^>]*>([\s\S]*)<\/(?:\w+:)?sst>/.exec(xml);
  if (!sst) return [];
  return (sst[1] ?? '')
    .replace(/<(?:\w+:)?(?:si|sstItem)>/g, '')
    .split(/<\/(?:\w+:)?(?:si|sstItem)>/)
    .map((item) => stringItem(item.trim()));
}

/**
 * Whether each cell style (index = the cell's s attribute) shows a date.
 */
export function dateStyles(bytes: Uint8Array | undefined, builtinFormats: Record<number, string>, isDateFormat: (format: string) => boolean): boolean[] {
  if (!bytes) return [];
  const xml = utf8(bytes);
  const formats: Record<number, string> = { ...builtinFormats };
  for (const f of startTags(xml, 'numFmt')) if (f.numFmtId !== undefined && f.formatCode !== undefined) formats[+f.numFmtId] = unescapeXml(f.formatCode);
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml);
  if (!cellXfs) return [];
  return startTags(cellXfs[1] ?? '', 'xf').map((xf) => {
    const format = formats[xf.numFmtId === undefined ? 0 : +xf.numFmtId];
    return typeof format === 'string' && isDateFormat(format);
  });
}
