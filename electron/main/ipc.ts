// Main's only IPC: a trusted page asks for its port to the engine host (the sender is checked
// first: the top frame of our window, showing our own page), and main pushes native-menu commands.
// Requests themselves never pass through main; the host validates them at its dispatch gate.
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import type { EventName, EventOf } from '../../shared/contract';
import { LAB_CONNECT_CHANNEL, LAB_EVENT_CHANNEL, type LabEventMessage } from '../preload/ipcNames';
import type { PageOrigin } from './appOrigin';
import { isTrustedSender, type SenderFacts } from './senderCheck';

export interface PortBinding {
  trusted: PageOrigin;
  /** The app window's webContents, or null while there is none. */
  appContents(): WebContents | null;
  connect(contents: WebContents): void;
}

export function senderFacts(event: Pick<IpcMainEvent, 'sender' | 'senderFrame'>, appContents: WebContents | null): SenderFacts {
  const frame = event.senderFrame;
  return {
    fromAppWindow: appContents !== null && !appContents.isDestroyed() && event.sender === appContents,
    frameAlive: frame !== null,
    isTopFrame: frame !== null && frame.parent === null,
    frameUrl: frame?.url ?? '',
  };
}

export function bindPortRequests(binding: PortBinding): () => void {
  const listener = (event: IpcMainEvent) => {
    if (!isTrustedSender(senderFacts(event, binding.appContents()), binding.trusted)) {
      console.warn('Regula: refused an engine connection from a page that is not ours');
      return;
    }
    binding.connect(event.sender);
  };
  ipcMain.on(LAB_CONNECT_CHANNEL, listener);
  return () => ipcMain.removeListener(LAB_CONNECT_CHANNEL, listener);
}

export function sendLabEvent<E extends EventName>(contents: WebContents | null, event: E, payload: EventOf<E>): void {
  if (!contents || contents.isDestroyed()) return;
  const message: LabEventMessage = { event, payload };
  contents.send(LAB_EVENT_CHANNEL, message);
}
