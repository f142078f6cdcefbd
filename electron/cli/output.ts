// How the CLI speaks: with --json exactly one JSON object on stdout; progress and errors on stderr;
// a non-zero exit code on any failure.
import { toUserError } from '../engine/index';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function info(message: string): void {
  process.stderr.write(message + '\n');
}

export function fail(err: unknown, json: boolean, interruptedCode?: number): never {
  const error = toUserError(err);
  // Interrupted work with nothing else to print (an import stopped by Ctrl+C) still gives scripts
  // their one JSON object on stdout, with the status a cancelled run or sweep reports.
  if (json && interruptedCode !== undefined) printJson({ status: 'cancelled', error });
  if (json) process.stderr.write(JSON.stringify({ error }) + '\n');
  else {
    const where = [error.file && `file: ${error.file}`, error.row !== undefined && `row: ${error.row}`, error.column && `column: ${error.column}`]
      .filter(Boolean)
      .join(', ');
    process.stderr.write(`regula: ${error.message}${where ? ` (${where})` : ''}\n`);
  }
  process.exit(interruptedCode ?? (error.code === 'internal' ? 70 : 1));
}
