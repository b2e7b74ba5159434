/** Sandboxed preload: exposes window.wizard to the renderer and nothing else. */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('wizard', Object.freeze({ host: 'electron' as const }));
