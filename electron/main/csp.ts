// The Content-Security-Policy main sends with every app:// page response. The page also carries a
// meta CSP (renderer/index.html) for browser mode; when both exist Chromium enforces both, so this
// header can only tighten it: no WebSocket in Electron (IPC replaces it), no framing.
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Vue and chart.js set inline style attributes; no inline or eval'd script is allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
