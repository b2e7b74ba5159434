/** Page-wide resets Fluent leaves to the app: no body margin, headings spaced by their containers. */
import { makeStaticStyles } from '@fluentui/react-components';

export const useGlobalStyles = makeStaticStyles({
  body: { margin: 0 },
  'h1, h2, h3, h4': { margin: 0 },
  // A badge is one short label: wrapping it makes its text spill out of its pill.
  '.fui-Badge': { whiteSpace: 'nowrap', flexShrink: 0 },
  code: { fontFamily: 'Consolas, "Cascadia Mono", Menlo, monospace' },
});
