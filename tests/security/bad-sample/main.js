// DELIBERATELY INSECURE. This is not part of Regula: it is the sample build/check-electron-security.mjs
// must flag, which proves the checker is alive (Electronegativity exits 0 even when it finds
// problems, and a broken parser would report nothing). Never copy anything from this file.
const { app, BrowserWindow, shell } = require('electron');

function createWindow() {
  const win = new BrowserWindow({
    width: 800,
    height: 600,
    webPreferences: {
      nodeIntegration: true,
      contextIsolation: false,
      sandbox: false,
      webSecurity: false,
      allowRunningInsecureContent: true,
      experimentalFeatures: true,
      enableBlinkFeatures: 'CSSVariables',
    },
  });
  win.loadURL('http://example.com/index.html');
  win.webContents.on('new-window', (event, url) => {
    shell.openExternal(url);
  });
}

app.on('certificate-error', (event, webContents, url, error, certificate, callback) => {
  event.preventDefault();
  callback(true);
});

app.whenReady().then(createWindow);
