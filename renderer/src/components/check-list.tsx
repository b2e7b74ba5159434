/**
 * Check results as rows: status badge, title, target and the finding; a row opens to the detail and
 * the remedy. Failures start open, so what to do is visible without a click.
 */
import {
  Accordion, AccordionHeader, AccordionItem, AccordionPanel, Body1, Caption1, MessageBar, MessageBarBody, Subtitle2, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { CHECK_AREAS, type CheckArea } from '../../../electron/shared/check-types';
import { AREA_TITLES as AREA_LABELS } from '../../../electron/shared/check-catalog';
import { remedyText } from '../../../electron/shared/remedy';
import type { CheckResult } from '../store/run-types';
import { StatusBadge } from './status-badge';

const useStyles = makeStyles({
  header: { width: '100%' },
  row: {
    display: 'grid', gridTemplateColumns: '7.5rem minmax(12rem, 1.2fr) 6rem minmax(0, 2fr)', alignItems: 'center', columnGap: tokens.spacingHorizontalM, width: '100%', textAlign: 'start',
    // A narrow window: the finding moves under the title instead of being cut to a few letters.
    '@media (max-width: 1100px)': { gridTemplateColumns: '7.5rem minmax(0, 1fr) 5rem' },
  },
  detailLine: {
    overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground2,
    '@media (max-width: 1100px)': { gridColumn: '2 / -1' },
  },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM, paddingLeft: '8.3rem' },
  detail: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  group: { marginTop: tokens.spacingVerticalM },
  groupHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  counts: { color: tokens.colorNeutralForeground3 },
  item: { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
});

const ORDER: Record<CheckResult['status'], number> = { fail: 0, warn: 1, pass: 2, skip: 3 };
const rowKey = (r: CheckResult) => `${r.id}@${r.target}`;
export const targetLabel = (t: string) => (t === 'cluster' ? 'Cluster' : t);

function areaCounts(rs: CheckResult[]): string {
  const n = (st: CheckResult['status']) => rs.filter((r) => r.status === st).length;
  const parts = [n('fail') && `${n('fail')} failed`, n('warn') && `${n('warn')} ${n('warn') === 1 ? 'warning' : 'warnings'}`, n('pass') && `${n('pass')} passed`, n('skip') && `${n('skip')} skipped`];
  return parts.filter(Boolean).join(', ');
}

/** The props both lists take: `rerunButton` is the label of the page's button that runs these checks again. */
interface ListProps { results: CheckResult[]; rerunButton?: string | undefined }

function Rows({ results, rerunButton }: ListProps) {
  const s = useStyles();
  // Failures open by default; the admin's own clicks are kept across re-renders.
  const [open, setOpen] = useState<string[] | null>(null);
  const openItems = open ?? results.filter((r) => r.status === 'fail').map(rowKey);
  return (
    <Accordion multiple collapsible openItems={openItems} onToggle={(_, d) => setOpen(d.openItems.map(String))}>
      {results.map((r) => (
        <AccordionItem key={rowKey(r)} value={rowKey(r)} className={s.item} data-testid={`check-${r.id}-${r.target}`}>
          <AccordionHeader className={s.header} expandIconPosition="end">
            <span className={s.row}>
              <StatusBadge status={r.status} />
              <Text weight="semibold">{r.title}</Text>
              <Caption1>{targetLabel(r.target)}</Caption1>
              {/* Open rows show the whole finding below; the one-line summary would repeat it. */}
              {!openItems.includes(rowKey(r)) && <Body1 className={s.detailLine}>{r.detail}</Body1>}
            </span>
          </AccordionHeader>
          <AccordionPanel className={s.panel}>
            <Body1 className={s.detail}>{r.detail}</Body1>
            {r.remedy && (
              <MessageBar intent={r.status === 'fail' ? 'error' : r.status === 'warn' ? 'warning' : 'info'} layout="multiline">
                <MessageBarBody><strong>What to do: </strong>{remedyText(r.remedy, { surface: 'ui', rerunButton })}</MessageBarBody>
              </MessageBar>
            )}
            <Caption1>Check {r.id}{r.downgraded ? ' (a failure reported as a warning)' : ''}, {r.durationMs} ms</Caption1>
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}

/** Results sorted worst first; with `byArea`, under one heading per area. */
export function CheckList({ results, byArea = false, rerunButton }: ListProps & { byArea?: boolean }) {
  const s = useStyles();
  const sorted = [...results].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  if (!byArea) return <Rows results={sorted} rerunButton={rerunButton} />;
  const areas = CHECK_AREAS.filter((a) => sorted.some((r) => r.area === a));
  return (
    <>
      {areas.map((a: CheckArea) => (
        <section key={a} className={s.group} aria-label={AREA_LABELS[a]}>
          <div className={s.groupHead}>
            <Subtitle2 as="h3">{AREA_LABELS[a]}</Subtitle2>
            <Caption1 className={s.counts}>{areaCounts(sorted.filter((r) => r.area === a))}</Caption1>
          </div>
          <Rows results={sorted.filter((r) => r.area === a)} rerunButton={rerunButton} />
        </section>
      ))}
    </>
  );
}
