import { useState } from 'react';
import { CANCEL_UNDO_MINUTES, type Appointment, type SeriesScope } from '@medicare/contracts';
import { useNow } from '../../lib/hooks';
import { formatDateTime, formatSpan } from '../../lib/time';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field, TextInput } from '../../ui/form';
import { ConflictNotice } from './ConflictNotice';
import { useAppointmentMutations } from './mutations';

export const SCOPE_LABELS: Record<SeriesScope, string> = {
  this: 'Only this one',
  following: 'This one and the ones after it',
  all: 'Every appointment of the series',
};

/** Which occurrences of a series a change applies to (nothing to ask for a single appointment). */
export function ScopeChoice({
  appointment,
  scope,
  onChange,
  verb,
}: {
  appointment: Appointment;
  scope: SeriesScope;
  onChange: (scope: SeriesScope) => void;
  verb: string;
}) {
  if (!appointment.seriesId) return null;
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-800">This is one of a series. {verb}:</legend>
      {(Object.keys(SCOPE_LABELS) as SeriesScope[]).map((s) => (
        <label key={s} className="flex min-h-9 items-center gap-2 text-sm">
          <input
            type="radio"
            name={`scope-${appointment.id}-${verb}`}
            className="size-4 accent-blue-700"
            checked={scope === s}
            onChange={() => onChange(s)}
          />
          {SCOPE_LABELS[s]}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Cancel with a confirmation, an optional reason and (for a series) which occurrences; `onCancelled`
 * gets every appointment the API cancelled, for the page's undo.
 */
export function CancelAppointment({
  appointment,
  timeZone,
  onCancelled,
}: {
  appointment: Appointment;
  timeZone: string;
  onCancelled: (cancelled: Appointment[]) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<SeriesScope>('this');
  const { cancel } = useAppointmentMutations();
  const when = formatDateTime(appointment.start, timeZone);
  if (!confirming)
    return (
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Cancel appointment<span className="sr-only"> on {when}</span>
      </Button>
    );
  return (
    <form
      aria-label={`Cancel the appointment on ${when}`}
      className="mt-2 w-full space-y-3 rounded-md border border-red-300 bg-red-50 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        // Awaited, not mutate's callback: the list refresh may unmount this form before that fires.
        void cancel
          .mutateAsync({ appointment, input: { ...(reason.trim() ? { reason: reason.trim() } : {}), scope } })
          .then((cancelled) => {
            setConfirming(false);
            onCancelled(cancelled);
          })
          .catch(() => undefined);
      }}
    >
      <p className="text-sm font-medium text-red-950">
        Cancel the appointment on {formatSpan(appointment.start, appointment.end, timeZone)}?
      </p>
      <Field label="Reason (optional)">
        {(props) => (
          <TextInput {...props} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <ScopeChoice appointment={appointment} scope={scope} onChange={setScope} verb="Cancel" />
      {cancel.isError && <ConflictNotice error={cancel.error} timeZone={timeZone} />}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={cancel.isPending}>
          {cancel.isPending ? 'Cancelling…' : 'Yes, cancel it'}
        </Button>
        <Button onClick={() => setConfirming(false)}>Keep it</Button>
      </div>
    </form>
  );
}

export type UndoOffer = { items: Appointment[]; message: string; until: number } | null;

/** The page's last cancellation, undoable for CANCEL_UNDO_MINUTES (the API's own window). */
export function useCancelUndo() {
  const [offer, setOffer] = useState<UndoOffer>(null);
  return {
    offer,
    clear: () => setOffer(null),
    cancelled: (items: Appointment[], message: string) =>
      setOffer({ items, message, until: Date.now() + CANCEL_UNDO_MINUTES * 60_000 }),
  };
}

/** "Appointment cancelled. [Undo]" while the cancellation can still be undone. */
export function UndoNotice({
  undo,
  className = 'mb-4',
}: {
  undo: ReturnType<typeof useCancelUndo>;
  className?: string;
}) {
  const now = useNow(15_000);
  const { restore } = useAppointmentMutations();
  const [restored, setRestored] = useState<string | null>(null);
  const offer = undo.offer;
  if (restored && !offer)
    return (
      <div className={className}>
        <Notice tone="success">{restored}</Notice>
      </div>
    );
  if (!offer) return null;
  const open = now < offer.until;
  return (
    <div className={className}>
      <Notice tone="success">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span>{offer.message}</span>
          {open && (
            <Button
              disabled={restore.isPending}
              onClick={() => {
                void (async () => {
                  const restoredItems = await restore.mutateAsync(offer.items[0]!);
                  undo.clear();
                  setRestored(
                    restoredItems.length <= 1
                      ? 'Cancellation undone: the appointment is booked again.'
                      : `Cancellation undone: ${restoredItems.length} appointments are booked again.`,
                  );
                })().catch(() => undefined);
              }}
            >
              {restore.isPending ? 'Undoing…' : 'Undo'}
            </Button>
          )}
        </div>
        {restore.isError && (
          <div className="mt-2">
            <ConflictNotice error={restore.error} />
          </div>
        )}
      </Notice>
    </div>
  );
}
