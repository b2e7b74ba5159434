/**
 * The same history as the pictures, as real tables (the "Show as table" view): per server each stretch's
 * start, end, state and median response time, then the events. Drawn from the same runs as the bands.
 */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { ClusterEvent } from '../../../../electron/shared/health-history';
import { EVENT_LOOK, newestFirst } from './event-timeline';
import { clock, runWord, type Run } from './history-model';

const useStyles = makeStyles({
  caption: { textAlign: 'left', fontWeight: tokens.fontWeightSemibold, padding: `${tokens.spacingVerticalS} 0` },
  table: { marginBottom: tokens.spacingVerticalL },
});

export function ServerTable({ node, runs, now }: { node: string; runs: Run[]; now: number }) {
  const s = useStyles();
  return (
    <Table size="small" className={s.table} data-testid={`history-table-${node}`}>
      <caption className={s.caption}>{node}</caption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">From</TableHeaderCell>
          <TableHeaderCell scope="col">To</TableHeaderCell>
          <TableHeaderCell scope="col">State</TableHeaderCell>
          <TableHeaderCell scope="col">Median response time</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((r) => (
          <TableRow key={r.from}>
            <TableCell>{clock(r.from, now)}</TableCell>
            <TableCell>{clock(r.to, now)}</TableCell>
            <TableCell>{runWord(r)}</TableCell>
            <TableCell>{r.band === 'unknown' ? 'not watched' : r.medianMs === null ? 'no answer' : `${r.medianMs} ms`}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function EventsTable({ events, now }: { events: ClusterEvent[]; now: number }) {
  const s = useStyles();
  return (
    <Table size="small" className={s.table} data-testid="history-table-events">
      <caption className={s.caption}>Events, newest first</caption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Time</TableHeaderCell>
          <TableHeaderCell scope="col">What</TableHeaderCell>
          <TableHeaderCell scope="col">Server</TableHeaderCell>
          <TableHeaderCell scope="col">Details</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {newestFirst(events).map((e, i) => (
          <TableRow key={`${e.at}-${e.kind}-${i}`}>
            <TableCell>{clock(Date.parse(e.at), now)}</TableCell>
            <TableCell>{EVENT_LOOK[e.kind].word}</TableCell>
            <TableCell>{e.node ?? 'the cluster'}</TableCell>
            <TableCell>{e.text}</TableCell>
          </TableRow>
        ))}
        {!events.length && <TableRow><TableCell colSpan={4}>No events in this window.</TableCell></TableRow>}
      </TableBody>
    </Table>
  );
}
