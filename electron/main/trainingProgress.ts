// Turns training events into the one number a taskbar/dock progress bar shows: the mean fraction
// of epochs done over the runs in progress, or -1 (Electron's "no bar") when none is running.
// Early stopping ends a run before its last epoch; the finish event clears it either way.
export class TrainingProgress {
  private readonly runs = new Map<string, { epochs: number; done: number }>();

  started(runId: string, epochs: number): number {
    this.runs.set(runId, { epochs: Math.max(1, epochs), done: 0 });
    return this.value();
  }

  epoch(runId: string, epochNumber: number): number {
    const run = this.runs.get(runId);
    if (run) run.done = Math.min(run.epochs, Math.max(run.done, epochNumber));
    return this.value();
  }

  finished(runId: string): number {
    this.runs.delete(runId);
    return this.value();
  }

  value(): number {
    if (this.runs.size === 0) return -1;
    let sum = 0;
    for (const run of this.runs.values()) sum += run.done / run.epochs;
    return sum / this.runs.size;
  }
}
