// Rules for every webContents the app ever creates (applied from `web-contents-created`, so a
// window made anywhere gets them): no navigation away from our page, no new windows, no <webview>.
// Allowlisted https links open in the system browser instead.
import { shell, type WebContents } from 'electron';
import { isSameOrigin, type PageOrigin } from './appOrigin';
import { isAllowedExternalUrl } from './externalLinks';

function openOutside(url: string): void {
  if (!isAllowedExternalUrl(url)) return;
  // Allowlisted https URL only; see externalLinks.ts for why anything else is dropped.
  void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
}

export function guardWebContents(contents: WebContents, trusted: PageOrigin): void {
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  const refuseForeign = (event: { preventDefault(): void }, url: string): void => {
    if (isSameOrigin(url, trusted)) return;
    event.preventDefault();
    openOutside(url);
  };
  contents.on('will-navigate', (event, url) => refuseForeign(event, url));
  contents.on('will-redirect', (event, url) => refuseForeign(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
