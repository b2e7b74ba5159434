/** A unified diff with added and removed lines marked by colour AND by their +/- sign (never colour alone). */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  pre: {
    margin: 0, padding: `${tokens.spacingVerticalS} 0`, maxHeight: '28rem', overflow: 'auto', fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase300, backgroundColor: tokens.colorNeutralBackground3,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
  // Long lines wrap (a connection string is wider than the page at 1024 px): never cut, never a sideways scroll.
  line: { display: 'block', padding: `0 ${tokens.spacingHorizontalM}`, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  // The tint marks the line, the text stays the normal colour: axe measured the coloured text on its tint below 4.5:1.
  add: { backgroundColor: tokens.colorPaletteGreenBackground2, color: tokens.colorNeutralForeground1 },
  del: { backgroundColor: tokens.colorPaletteRedBackground2, color: tokens.colorNeutralForeground1 },
  hunk: { color: tokens.colorBrandForeground1 },
  meta: { color: tokens.colorNeutralForeground3 },
});

export function DiffView({ diff, label }: { diff: string; label: string }) {
  const s = useStyles();
  const lines = diff.replace(/\n$/, '').split('\n');
  const cls = (l: string) => {
    if (l.startsWith('+++') || l.startsWith('---') || l.startsWith('Index:') || l.startsWith('====')) return s.meta;
    if (l.startsWith('+')) return s.add;
    if (l.startsWith('-')) return s.del;
    if (l.startsWith('@@')) return s.hunk;
    return undefined;
  };
  return (
    <pre className={s.pre} tabIndex={0} role="region" aria-label={label}>
      {lines.map((l, i) => <span key={i} className={mergeClasses(s.line, cls(l))}>{l || ' '}</span>)}
    </pre>
  );
}
