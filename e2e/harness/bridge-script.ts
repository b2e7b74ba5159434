/**
 * The script the harness serves before the renderer's own: it defines `window.wizard` (the same
 * contract the Electron preload exposes) over a WebSocket to the harness, authenticated by the
 * one-time token in the page's URL. Every call resolves to the contract's CallResult, as over IPC.
 */
export const BRIDGE_PATH = '/__harness/bridge.js';

export const BRIDGE_SCRIPT = String.raw`(() => {
  const token = new URLSearchParams(location.search).get('token') || sessionStorage.getItem('haw-token') || '';
  if (token) sessionStorage.setItem('haw-token', token);
  const ws = new WebSocket('ws://' + location.host + '/__harness/ws?token=' + encodeURIComponent(token));
  const open = new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('the harness refused the connection')); });
  const pending = new Map();
  const listeners = new Map();
  let next = 1;
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.type === 'result') {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (p) p.resolve(msg.result);
    } else if (msg.type === 'event') {
      for (const fn of listeners.get(msg.name) || []) fn(msg.payload);
    }
  };
  const gone = (message) => ({ ok: false, error: { kind: 'disconnected', message } });
  ws.onclose = () => { for (const p of pending.values()) p.resolve(gone('the harness closed the connection')); pending.clear(); };
  window.wizard = Object.freeze({
    async call(name, input) {
      try { await open; } catch (e) { return gone(e.message); }
      const id = next++;
      return new Promise((resolve) => { pending.set(id, { resolve }); ws.send(JSON.stringify({ type: 'call', id, name, input })); });
    },
    on(name, fn) {
      const set = listeners.get(name) || new Set();
      set.add(fn);
      listeners.set(name, set);
      return () => set.delete(fn);
    },
  });
})();`;
