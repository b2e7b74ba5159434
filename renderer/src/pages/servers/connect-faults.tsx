/**
 * What Connect found wrong with one server, placed where the admin can act on it: a failure that names a
 * field of the form (the engine's `data.field`) is shown next to that field; the rest, and any whose
 * field is not on screen, above the editor's Done button. Reason and remedy both, at once.
 */
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { JSX } from 'react';
import { serverFieldOf, type ServerField } from '../../../../electron/shared/server-field';
import { remedyText } from '../../../../electron/shared/remedy';
import { RERUN_BUTTON } from '../../components/rerun-buttons';
import type { CheckResult } from '../../store/run-types';

/** A remedy in the app's words: the Servers page's fields and its own button. */
const say = (r: CheckResult) => (r.remedy ? remedyText(r.remedy, { surface: 'ui', rerunButton: RERUN_BUTTON.servers }) : '');

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export interface ConnectFaults {
  /** The message to show under a field, by field. */
  at: Partial<Record<ServerField, JSX.Element>>;
  /** Problems with no field on screen: shown as a list. */
  rest: CheckResult[];
}

function sentence(text: string): string {
  const t = text.trim();
  return t && !/[.!?]$/.test(t) ? `${t}.` : t;
}

/** The reason and what to do, as one message for under a field. */
export function FaultText({ result }: { result: CheckResult }) {
  const detail = sentence(result.detail);
  return <span data-testid={`fault-${result.id}`}>{detail.charAt(0).toUpperCase() + detail.slice(1)}{result.remedy ? <> <strong>What to do:</strong> {say(result)}</> : null}</span>;
}

/** Sorts this server's failures and warnings: by field when that field is on screen, else into `rest`. */
export function connectFaults(results: CheckResult[], shown: (field: ServerField) => boolean): ConnectFaults {
  const at: ConnectFaults['at'] = {};
  const rest: CheckResult[] = [];
  for (const r of results) {
    if (r.status !== 'fail' && r.status !== 'warn') continue;
    const field = serverFieldOf(r.data);
    if (field && shown(field) && !at[field]) at[field] = <FaultText result={r} />;
    else rest.push(r);
  }
  return { at, rest };
}

/** The problems that have no field on screen, each with its remedy. */
export function FaultList({ results }: { results: CheckResult[] }) {
  const s = useStyles();
  if (!results.length) return null;
  return (
    <div className={s.list}>
      {results.map((r) => (
        <MessageBar key={`${r.id}@${r.target}`} intent={r.status === 'fail' ? 'error' : 'warning'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{r.title}</MessageBarTitle>
            {r.detail}{r.remedy ? <><br /><strong>What to do: </strong>{say(r)}</> : null}
          </MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}
