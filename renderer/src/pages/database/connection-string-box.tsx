/**
 * The raw connection string box. It tells the page when its text was pasted and when it loses focus:
 * those are the moments a password written into it may move to the Password field even though no `;`
 * follows it yet (typed, it waits for the `;`, so the next keys never land in the segment before).
 */
import { Field, Textarea } from '@fluentui/react-components';
import { Controller, type Control } from 'react-hook-form';
import type { DatabaseForm } from './database-schema';

interface Props {
  control: Control<DatabaseForm>;
  className: string;
  onPaste: () => void;
  onBlur: () => void;
}

export function ConnectionStringBox({ control, className, onPaste, onBlur }: Props) {
  return (
    <Controller control={control} name="connectionString" render={({ field, fieldState }) => (
      <Field label="Connection string" validationMessage={fieldState.error?.message} validationState={fieldState.error ? 'error' : 'none'}
        hint="Without the password. Edit here or above: both stay in sync. A password written here moves to the Password field once you type “;” after it or leave the box; it is added only when each server’s configuration is written.">
        <Textarea ref={field.ref} name={field.name} value={field.value} rows={3} resize="vertical" spellCheck={false} textarea={{ className }}
          onPaste={onPaste} onChange={(_, d) => field.onChange(d.value)} onBlur={() => { field.onBlur(); onBlur(); }} />
      </Field>
    )} />
  );
}
