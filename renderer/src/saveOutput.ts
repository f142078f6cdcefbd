// Files the engine wrote into the project (predictions, exports) reach the analyst through
// `output:save`: the desktop app shows a save dialog and answers with the chosen path; browser mode
// answers with a one-time download link, which the page follows at once.
import type { ResponseOf } from '../../shared/contract';

/** Follows the host's answer; returns where the file was saved, or null for a browser download. */
export function followSave(saved: NonNullable<ResponseOf<'output:save'>>, fileName: string): string | null {
  if ('savedTo' in saved) return saved.savedTo;
  const link = document.createElement('a');
  link.href = saved.downloadUrl;
  link.download = fileName;
  link.click();
  return null;
}
