/**
 * The window's security settings (Electron security checklist items 2–4, 6, 8–10), kept apart
 * from the electron import so a unit test asserts them as shipped.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  safeDialogs: true,
  navigateOnDragDrop: false,
  // Middle-click would otherwise try to open a window (denied anyway by setWindowOpenHandler).
  disableBlinkFeatures: 'Auxclick',
} as const;

/** The CSP the renderer's index.html carries and the protocol handler repeats as a header. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
