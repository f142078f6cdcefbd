// The engine host in a child process for bench/host.ts, standing in for Electron's utility
// process: the real host service, with the parent playing main (dialogs, training processes) and
// relaying the page's port over IPC. Not used by the app.
import { startHostService, type PagePort } from '../electron/utility/hostService';

type Envelope = { to: 'host' | 'page'; data: unknown };
const pageListeners: Array<(event: { data: unknown }) => void> = [];
const mainListeners: Array<(event: { data: unknown; ports: PagePort[] }) => void> = [];

const pagePort: PagePort = {
  on: ((event: string, listener: (event: { data: unknown }) => void) => {
    if (event === 'message') pageListeners.push(listener);
  }) as PagePort['on'],
  postMessage: (data) => process.send?.({ to: 'page', data } satisfies Envelope),
  start: () => {},
  close: () => {},
};

process.on('message', (raw: Envelope) => {
  if (raw.to === 'page') {
    for (const listener of pageListeners) listener({ data: raw.data });
    return;
  }
  const ports = (raw.data as { type?: string }).type === 'connect' ? [pagePort] : [];
  for (const listener of mainListeners) listener({ data: raw.data, ports });
});

startHostService({
  on: (_event, listener) => mainListeners.push(listener),
  postMessage: (message) => process.send?.({ to: 'host', data: message }),
});
