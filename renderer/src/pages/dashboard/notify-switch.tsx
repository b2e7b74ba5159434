/**
 * The desktop notification switch (issue 13): off by default, kept by the app (`settings.get` /
 * `settings.set`). While it is on, the app shows a notification when a server goes down, comes back
 * or drifts, even with the window minimised.
 */
import { Caption1, Switch } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { call, errorText } from '../../api';

export const NOTIFY_LABEL = 'Notify me when a server goes down, comes back or drifts';

export function NotifySwitch() {
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('settings.get', {}).then((s) => live && setOn(s.notifications), (e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, []);
  const change = async (next: boolean) => {
    setError(null);
    try {
      setOn((await call('settings.set', { notifications: next })).notifications);
    } catch (e) {
      setError(`The setting was not changed: ${errorText(e)}`);
    }
  };
  return (
    <>
      <Switch label={NOTIFY_LABEL} checked={on ?? false} disabled={on === null} onChange={(_, d) => void change(d.checked)} />
      {error && <Caption1 role="alert">{error}</Caption1>}
    </>
  );
}
