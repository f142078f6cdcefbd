// Binds the contract to the engine handlers over Electron IPC: one ipcMain.handle per contract
// channel (names come from shared/contract, never typed here). Each call is checked for its sender
// first, then goes through the same dispatch() gate as browser mode (schema parse, Reply values).
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { requests, type EventName, type EventOf, type Handlers, type RequestChannel } from '../../shared/contract';
import { dispatch } from '../app/dispatch';
import { LAB_EVENT_CHANNEL, type LabEventMessage } from '../preload/ipcNames';
import type { PageOrigin } from './appOrigin';
import { isTrustedSender, UNTRUSTED_SENDER_REPLY, type SenderFacts } from './senderCheck';

export interface IpcBinding {
  handlers: Handlers;
  trusted: PageOrigin;
  /** The app window's webContents, or null while there is none. */
  appContents(): WebContents | null;
}

export function senderFacts(event: IpcMainInvokeEvent, appContents: WebContents | null): SenderFacts {
  const frame = event.senderFrame;
  return {
    fromAppWindow: appContents !== null && !appContents.isDestroyed() && event.sender === appContents,
    frameAlive: frame !== null,
    isTopFrame: frame !== null && frame.parent === null,
    frameUrl: frame?.url ?? '',
  };
}

export function bindContractToIpc(binding: IpcBinding): () => void {
  const channels = Object.keys(requests) as RequestChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isTrustedSender(senderFacts(event, binding.appContents()), binding.trusted)) {
        return UNTRUSTED_SENDER_REPLY;
      }
      return dispatch(binding.handlers, channel, payload);
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

export function sendLabEvent<E extends EventName>(contents: WebContents | null, event: E, payload: EventOf<E>): void {
  if (!contents || contents.isDestroyed()) return;
  const message: LabEventMessage = { event, payload };
  contents.send(LAB_EVENT_CHANNEL, message);
}
