/** Fluent fields bound to react-hook-form: a label on every field, errors announced through Field. */
import { Field, Input, Radio, RadioGroup, Switch, Textarea, type FieldProps, type InputProps } from '@fluentui/react-components';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useHorizontalRadios } from './radio-styles';

interface Base<T extends FieldValues> {
  control: Control<T>;
  name: FieldPath<T>;
  label: string;
  hint?: FieldProps['hint'];
  required?: boolean;
  /** A problem found elsewhere (e.g. by Connect) that points at this field; the form's own error wins. */
  fault?: FieldProps['validationMessage'];
}

export function TextField<T extends FieldValues>({ control, name, label, hint, required, type, placeholder, contentAfter, autoComplete, className, fault }:
  Base<T> & Pick<InputProps, 'type' | 'placeholder' | 'contentAfter' | 'autoComplete' | 'className'>) {
  return (
    <Controller control={control} name={name} render={({ field, fieldState }) => (
      <Field label={label} hint={hint} required={required ?? false} className={className}
        validationMessage={fieldState.error?.message ?? fault} validationState={fieldState.error || fault ? 'error' : 'none'}>
        <Input ref={field.ref} name={field.name} value={(field.value as string | undefined) ?? ''} onBlur={field.onBlur}
          onChange={(_, d) => field.onChange(d.value)} type={type ?? 'text'} placeholder={placeholder}
          contentAfter={contentAfter} autoComplete={autoComplete ?? 'off'} spellCheck={false} />
      </Field>
    )} />
  );
}

export function TextAreaField<T extends FieldValues>({ control, name, label, hint, required, rows = 3, className }: Base<T> & { rows?: number; className?: string }) {
  return (
    <Controller control={control} name={name} render={({ field, fieldState }) => (
      <Field label={label} hint={hint} required={required ?? false}
        validationMessage={fieldState.error?.message} validationState={fieldState.error ? 'error' : 'none'}>
        <Textarea ref={field.ref} name={field.name} value={(field.value as string | undefined) ?? ''} onBlur={field.onBlur}
          onChange={(_, d) => field.onChange(d.value)} rows={rows} resize="vertical" spellCheck={false} textarea={{ className }} />
      </Field>
    )} />
  );
}

export function SwitchField<T extends FieldValues>({ control, name, label, hint }: Base<T>) {
  return (
    <Controller control={control} name={name} render={({ field }) => (
      <Field hint={hint}>
        <Switch ref={field.ref} name={field.name} checked={!!field.value} label={label} onChange={(_, d) => field.onChange(d.checked)} />
      </Field>
    )} />
  );
}

export function RadioField<T extends FieldValues>({ control, name, label, hint, options, disabled, fault }:
  Base<T> & { options: { value: string; label: string; disabled?: boolean }[]; disabled?: boolean }) {
  const radios = useHorizontalRadios();
  return (
    <Controller control={control} name={name} render={({ field, fieldState }) => (
      <Field label={label} hint={hint} validationMessage={fieldState.error?.message ?? fault} validationState={fieldState.error || fault ? 'error' : 'none'}>
        <RadioGroup layout="horizontal" className={radios.group} name={field.name} value={field.value as string} disabled={disabled ?? false}
          onChange={(_, d) => field.onChange(d.value)}>
          {options.map((o) => <Radio key={o.value} value={o.value} label={o.label} disabled={o.disabled ?? false} />)}
        </RadioGroup>
      </Field>
    )} />
  );
}
