import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FactBadge, StatusBadge } from './status-badge';

const inTheme = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
afterEach(cleanup);

describe('StatusBadge', () => {
  it('says the status in words, not colour alone', () => {
    inTheme(<StatusBadge status="warn" />);
    expect(screen.getByText('Warning')).toBeTruthy();
  });

  it('shows an unknown fact as unknown, never as a pass or a fail', () => {
    inTheme(<FactBadge ok={null} yes="In sync" no="Out of sync" />);
    expect(screen.getByText('Unknown')).toBeTruthy();
    expect(screen.queryByText('In sync')).toBeNull();
    expect(screen.queryByText('Out of sync')).toBeNull();
  });
});
