/**
 * The API key in clear text: the wizard reaches each server's API at http://host:port, so the key
 * travels unencrypted. It is sent only after the admin reads this and says yes (the profile then
 * carries allowApiKeyOverHttp); otherwise the settings stay manual steps.
 */
import { Checkbox, Field, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { Controller, type Control } from 'react-hook-form';
import type { StorageForm } from './storage-schema';

const useStyles = makeStyles({ box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS } });

export function ApiKeyHttpWarning({ control, firstServerUrl }: { control: Control<StorageForm>; firstServerUrl: string }) {
  const s = useStyles();
  return (
    <div className={s.box} data-testid="api-key-http-warning">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>The API key travels unencrypted</MessageBarTitle>
          The wizard calls the API at {firstServerUrl}, over plain http: anyone who can watch the network between this computer and
          the server can read the key, and with it administer the product. The key is never sent on after a redirect. Without your yes, switch the API off: the two settings then become manual steps with their exact values.
        </MessageBarBody>
      </MessageBar>
      <Controller control={control} name="allowApiKeyOverHttp" render={({ field, fieldState }) => (
        <Field validationMessage={fieldState.error?.message} validationState={fieldState.error ? 'error' : 'none'}>
          <Checkbox ref={field.ref} name={field.name} checked={!!field.value} onChange={(_, d) => field.onChange(d.checked === true)}
            label="I accept that the API key is sent over plain http" />
        </Field>
      )} />
    </div>
  );
}
