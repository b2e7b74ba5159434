/** A check's status as icon + word, never colour alone. */
import { Badge, Spinner } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, DismissCircle16Filled, SubtractCircle16Regular, Warning16Filled } from '@fluentui/react-icons';
import type { CheckStatus } from '../../../electron/shared/check-types';

const LOOK = {
  pass: { color: 'success', label: 'Pass', icon: <CheckmarkCircle16Filled /> },
  warn: { color: 'warning', label: 'Warning', icon: <Warning16Filled /> },
  fail: { color: 'danger', label: 'Fail', icon: <DismissCircle16Filled /> },
  skip: { color: 'informative', label: 'Skipped', icon: <SubtractCircle16Regular /> },
} as const;

export function StatusBadge({ status, label }: { status: CheckStatus | 'running'; label?: string }) {
  if (status === 'running') return <Spinner size="extra-tiny" label={label ?? 'Running'} />;
  const l = LOOK[status];
  return (
    <Badge appearance="tint" color={l.color} icon={l.icon} shape="rounded">
      {label ?? l.label}
    </Badge>
  );
}

/** A yes/no fact as a badge (healthy, in sync...), with words the admin reads. */
export function FactBadge({ ok, yes, no, unknown = 'Unknown' }: { ok: boolean | null | undefined; yes: string; no: string; unknown?: string }) {
  if (ok === null || ok === undefined) return <StatusBadge status="skip" label={unknown} />;
  return <StatusBadge status={ok ? 'pass' : 'fail'} label={ok ? yes : no} />;
}
