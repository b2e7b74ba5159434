/**
 * Who sees whose test file (`storage.shared` data): one row per server reading, one column per server
 * that wrote. A server that sees only its own file writes to a folder of its own: it is named above.
 */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { StatusBadge } from '../../components/status-badge';

const useStyles = makeStyles({
  table: { width: 'auto', minWidth: '24rem', maxWidth: '48rem' },
  caption: { textAlign: 'start', paddingBottom: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
});

export function StorageMatrix({ seen }: { seen: Record<string, string[]> }) {
  const s = useStyles();
  const ids = Object.keys(seen);
  return (
    <Table className={s.table} size="small" aria-label="Which server sees which server's test file" data-testid="storage-matrix">
      <caption className={s.caption}>Each server wrote a test file to the storage path; this is who could read whose.</caption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Reader ↓ / writer →</TableHeaderCell>
          {ids.map((w) => <TableHeaderCell key={w}>{w}</TableHeaderCell>)}
        </TableRow>
      </TableHeader>
      <TableBody>
        {ids.map((reader) => (
          <TableRow key={reader}>
            <TableHeaderCell scope="row">{reader}</TableHeaderCell>
            {ids.map((writer) => {
              const ok = seen[reader]?.includes(writer) ?? false;
              return <TableCell key={writer}><StatusBadge status={ok ? 'pass' : 'fail'} label={ok ? 'Sees it' : 'Does not'} /></TableCell>;
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
