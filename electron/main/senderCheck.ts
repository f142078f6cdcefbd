// Who may call the engine over IPC: only the top frame of our own window, showing our own page.
// A subframe, a page that navigated elsewhere, or another webContents is refused before dispatch.
import { isSameOrigin, type PageOrigin } from './appOrigin';

export interface SenderFacts {
  /** The message came from the webContents of the app window. */
  fromAppWindow: boolean;
  /** The sending frame is still alive (Electron gives null after it navigated or was destroyed). */
  frameAlive: boolean;
  /** The sending frame has no parent. */
  isTopFrame: boolean;
  frameUrl: string;
}

export function isTrustedSender(facts: SenderFacts, trusted: PageOrigin): boolean {
  return facts.fromAppWindow && facts.frameAlive && facts.isTopFrame && isSameOrigin(facts.frameUrl, trusted);
}

export const UNTRUSTED_SENDER_REPLY = {
  ok: false as const,
  error: { code: 'untrusted-sender', message: 'This request did not come from the Regula window and was refused.' },
};
