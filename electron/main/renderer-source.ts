/**
 * What the window shows: the app's own files, or (only in development, `electron-vite dev`, never
 * in a packaged app) the dev server named by ELECTRON_RENDERER_URL. A packaged app that honoured an
 * environment variable would load whatever page a user's environment or a launcher pointed it at,
 * with the wizard's whole IPC contract behind it.
 */
export type RendererSource = { kind: 'file'; file: string } | { kind: 'url'; url: string };

export function rendererSource(o: { isPackaged: boolean; env: NodeJS.ProcessEnv; rendererFile: string }): RendererSource {
  const dev = o.env.ELECTRON_RENDERER_URL;
  if (!o.isPackaged && dev && /^https?:\/\//i.test(dev)) return { kind: 'url', url: dev };
  return { kind: 'file', file: o.rendererFile };
}
