// The page needs no camera, microphone, location, notifications, USB, HID, serial or MIDI, and
// never reads the clipboard, so every permission request and check is answered "no" — except
// writing plain text to the clipboard ("Copy coefficients"), which Chromium sanitizes and which
// cannot read anything back.
import type { Session } from 'electron';

const ALLOWED = new Set(['clipboard-sanitized-write']);

export function denyAllPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED.has(permission)));
  target.setPermissionCheckHandler((_contents, permission) => ALLOWED.has(permission));
  target.setDevicePermissionHandler(() => false);
}
