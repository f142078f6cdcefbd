// Session-wide refusals: a spreadsheet lab needs no camera, microphone, location, notifications,
// USB, HID, serial or MIDI, so every permission request and check is answered "no".
import type { Session } from 'electron';

export function denyAllPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}
