/** A generated file in a read-only monospace viewer, with Copy and Save (`file.save`). */
import { Button, Caption1, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { Copy20Regular, Save20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { call, errorText } from '../api';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  name: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace },
  pre: {
    margin: 0, padding: tokens.spacingHorizontalM, maxHeight: '24rem', overflow: 'auto', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300, backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, whiteSpace: 'pre', tabSize: 4,
  },
});

export function CodeViewer({ name, content, kind = 'text' }: { name: string; content: string; kind?: 'text' | 'json' | 'html' }) {
  const s = useStyles();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(content);
      setNote({ ok: true, text: `Copied ${name}.` });
    } catch (e) {
      setNote({ ok: false, text: `Could not copy: ${errorText(e)}` });
    }
  };
  const save = async () => {
    try {
      const r = await call('file.save', { suggestedName: name, content, kind });
      setNote(r.saved ? { ok: true, text: `Saved ${r.path ?? name}.` } : null);
    } catch (e) {
      setNote({ ok: false, text: `Could not save: ${errorText(e)}` });
    }
  };
  return (
    <div className={s.root}>
      <div className={s.bar}>
        <Caption1 className={s.name}>{name}</Caption1>
        <Button size="small" icon={<Copy20Regular />} onClick={() => void copy()} aria-label={`Copy ${name}`}>Copy</Button>
        <Button size="small" icon={<Save20Regular />} onClick={() => void save()} aria-label={`Save ${name}`}>Save…</Button>
      </div>
      {/* Focusable so keyboard users can scroll it. */}
      <pre className={s.pre} tabIndex={0} role="region" aria-label={`${name} (read only)`}>{content}</pre>
      {note && <MessageBar intent={note.ok ? 'success' : 'error'}><MessageBarBody>{note.text}</MessageBarBody></MessageBar>}
    </div>
  );
}
