import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

const control =
  'block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900 min-h-10 aria-[invalid=true]:border-red-700';

type FieldProps = {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  className?: string;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
    'aria-required'?: boolean;
  }) => ReactNode;
};

/** A label, the control, a hint and the API's message for this field, tied together for screen readers. */
export function Field({ label, error, hint, required, className = '', children }: FieldProps) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
        {required && <span className="text-slate-600"> (required)</span>}
      </label>
      {children({
        id,
        'aria-invalid': Boolean(error),
        ...(described ? { 'aria-describedby': described } : {}),
        ...(required ? { 'aria-required': true } : {}),
      })}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextInput({ className = '', ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${control} ${className}`} {...props} />;
}

type TextFieldProps = Omit<FieldProps, 'children'> &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'className' | 'required' | 'children'> & {
    /** What was typed, on every change. */
    onValue: (value: string) => void;
  };

/** A Field holding one TextInput: the label, hint and error go to the field, the rest to the input. */
export function TextField({ label, error, hint, required, className, onValue, ...input }: TextFieldProps) {
  return (
    <Field
      label={label}
      error={error}
      hint={hint}
      {...(required !== undefined ? { required } : {})}
      {...(className !== undefined ? { className } : {})}
    >
      {(props) => <TextInput {...props} {...input} onChange={(e) => onValue(e.target.value)} />}
    </Field>
  );
}

export function Select({ className = '', ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={`${control} ${className}`} {...props} />;
}

export function Checkbox({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className="inline-flex min-h-10 items-center gap-2 text-sm text-slate-800">
      <input type="checkbox" className="size-4 accent-blue-700" {...props} />
      {label}
    </label>
  );
}
