/** The window's lockdown beyond its webPreferences: CSP header, no navigation, no new windows, no permissions. */
import { shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp-policy';

export { CONTENT_SECURITY_POLICY };

export function lockDownSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // The wizard needs no camera, microphone, notifications, geolocation...
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The PDF window's own session: locked as the main one, and it loads nothing but the `data:` page it
 * was given (the report's HTML comes from the renderer; an image or a link in it fetches nothing).
 */
export function lockDownPdfSession(session: Session): void {
  lockDownSession(session);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
}

export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
