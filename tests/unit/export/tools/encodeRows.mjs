// What any consumer of an exported package writes: raw rows → model inputs, following only
// preprocessing.json (steps 1–2; `standardize` does step 3). Plain JavaScript with no Regula code,
// shared by the child processes that load each format with its own tool.

/** rows: objects of raw cells (number, string, or null/'' for missing). */
export function encodeRaw(prep, rows) {
  const columns = new Map(prep.columns.map((c) => [c.name, c]));
  const scored = [];
  const x = [];
  rows.forEach((row, i) => {
    const filled = {};
    for (const c of prep.columns) {
      const v = row[c.name];
      const missing = v === null || v === undefined || v === '';
      if (missing && c.missing.rule === 'drop-row') return;
      filled[c.name] = missing ? c.missing.value : v;
    }
    scored.push(i);
    x.push(
      prep.inputs.map((input) => {
        const v = filled[input.source];
        if (input.kind === 'numeric') return Number(v);
        const c = columns.get(input.source);
        if (input.other) return v !== undefined && !c.categories.includes(String(v)) ? 1 : 0;
        return String(v) === input.category ? 1 : 0;
      }),
    );
  });
  return { scored, x };
}

export function standardize(prep, x) {
  return x.map((r) => r.map((v, j) => (v - prep.inputs[j].mean) / prep.inputs[j].std));
}

/** A small CSV reader for the committed fixtures (no quoting in them): numbers where they parse. */
export function readCsvRows(text) {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const names = head.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] === '' || cells[i] === undefined ? null : Number.isNaN(Number(cells[i])) ? cells[i] : Number(cells[i])]));
  });
}
