/** Shown when this window has no `window.wizard`: opened outside HA Wizard, it cannot reach any server. */
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

export function NotConnected() {
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>Not connected to the HA Wizard engine</MessageBarTitle>
        This window was opened outside HA Wizard, so it cannot reach your servers, test anything or save a profile. You can look
        through the pages; to use them, start HA Wizard itself.
      </MessageBarBody>
    </MessageBar>
  );
}
