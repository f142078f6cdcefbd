// Files the page makes itself (a chart as PNG, the numbers behind it as CSV) and text for the
// clipboard. A Blob and an <a download> link work in both faces: browser mode downloads it, and
// Electron — which has no will-download handler here — opens its own native save dialog for a
// download. `output:save` is for files the engine wrote into the project; routing page-made bytes
// through the host would mean uploading them first, for no gain in safety.
// CSV and clipboard text come from shared/csvText: the one formula-neutralizing writer.
import { toCsv } from '../../shared/csvText';
import type { DataTable } from './model/chartTables';

/** A name safe on every file system: no separators, no control characters, not empty. */
export function safeFileName(stem: string, ext: string): string {
  const visible = [...stem].map((ch) => (ch.charCodeAt(0) < 32 ? '_' : ch)).join('');
  const clean = visible.replace(/[\\/:*?"<>|]+/g, '_').replace(/\s+/g, ' ').trim().slice(0, 100) || 'regula';
  return `${clean}.${ext}`;
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has its own reference by now; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** CSV text of a table, as a download would hold it (BOM first so Excel reads UTF-8 names). */
export function csvText(table: DataTable): string {
  return '\uFEFF' + toCsv(table.header, table.rows);
}

export function downloadCsv(table: DataTable, fileName: string): void {
  downloadBlob(new Blob([csvText(table)], { type: 'text/csv;charset=utf-8' }), fileName);
}

/** Tab-separated text: pasted into Excel or a sheet, it fills one cell per value. */
export function tsvText(table: DataTable): string {
  return toCsv(table.header, table.rows, '\t');
}

/**
 * The chart as drawn, on white: the canvas itself is transparent, which shows as black or as the
 * slide's colour once pasted elsewhere.
 */
export async function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the chart into an image.');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  return new Promise((resolve, reject) => copy.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The chart could not be turned into a PNG.'))), 'image/png'));
}

/**
 * Puts text on the clipboard. The async Clipboard API first; where it is refused — the desktop
 * app's session denies every permission request, clipboard-sanitized-write included — the older
 * copy command on a selected, off-screen text area, which a click may use without a permission.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.left = '-10000px';
    document.body.appendChild(area);
    area.select();
    try {
      return document.execCommand('copy') === true;
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
