// Which links may leave the app for the system browser: https only, to a short list of hosts we
// link to, with no credentials or unusual port. Everything else is dropped (shell.openExternal on
// an arbitrary URL can launch local programs via file:, smb: or custom protocol handlers).
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'github.com',
  'www.tensorflow.org',
  'js.tensorflow.org',
  'scikit-learn.org',
  'en.wikipedia.org',
]);

export function isAllowedExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.port === '' && EXTERNAL_HOSTS.has(u.hostname);
}
