/**
 * Follows the system: dark or light (prefers-color-scheme), Windows high contrast (forced-colors),
 * and the host's `theme.changed` event, which Electron sends when the OS setting changes.
 */
import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { on } from '../api';

const query = (q: string) => (typeof window.matchMedia === 'function' ? window.matchMedia(q) : null);

export function useSystemTheme(): { theme: Theme; dark: boolean; highContrast: boolean } {
  const [dark, setDark] = useState(() => query('(prefers-color-scheme: dark)')?.matches ?? false);
  const [highContrast, setHighContrast] = useState(() => query('(forced-colors: active)')?.matches ?? false);
  useEffect(() => {
    const d = query('(prefers-color-scheme: dark)');
    const h = query('(forced-colors: active)');
    const onDark = (e: MediaQueryListEvent) => setDark(e.matches);
    const onHigh = (e: MediaQueryListEvent) => setHighContrast(e.matches);
    d?.addEventListener('change', onDark);
    h?.addEventListener('change', onHigh);
    const off = on('theme.changed', (p) => {
      setDark(p.dark);
      setHighContrast(p.highContrast);
    });
    return () => {
      d?.removeEventListener('change', onDark);
      h?.removeEventListener('change', onHigh);
      off();
    };
  }, []);
  const theme = highContrast ? teamsHighContrastTheme : dark ? webDarkTheme : webLightTheme;
  return { theme, dark, highContrast };
}
