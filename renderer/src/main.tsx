import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { engine } from './api';
import { keepSession, reattachRuns, restoreSession } from './store/session-keeper';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
// A reload keeps the draft and the runs under way (never a secret): put them back before the first render.
if (restoreSession(sessionStorage) && engine()) void reattachRuns();
keepSession(sessionStorage);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
