// The worker's end of the channel to its parent: Electron's utilityProcess (process.parentPort)
// or child_process.fork (process.send). Also the heartbeat, which tells the parent's watchdog
// that this process is alive while a long epoch runs.
import { HEARTBEAT_MS, type FromWorker } from './workerProtocol';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', handler: (event: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

let lastSent = 0;

export function send(message: FromWorker): void {
  lastSent = Date.now();
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

/**
 * A heartbeat from inside long synchronous work (preparing a million rows), where the timer cannot
 * fire: at most one a HEARTBEAT_MS. The message goes out at once — an IPC write to an idle channel
 * is attempted synchronously — so the parent hears it while the loop is still busy.
 */
export function pulse(): void {
  if (Date.now() - lastSent >= HEARTBEAT_MS) send({ type: 'heartbeat' });
}

export function onMessage(handler: (message: unknown) => void): void {
  if (parentPort) parentPort.on('message', (event) => handler(event.data));
  else process.on('message', handler);
}

/**
 * Heartbeats from a timer (unref'd: it never keeps the process alive alone). A waiting warm
 * worker whose parent went away has nothing left to do: it exits rather than linger.
 */
export function startHeartbeat(): void {
  setInterval(() => send({ type: 'heartbeat' }), HEARTBEAT_MS).unref();
  if (parentPort) return;
  // Gone already while this process was still loading (the event fired before anyone listened).
  if (!process.connected) process.exit(0);
  process.on('disconnect', () => process.exit(0));
}
