import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Availability,
  AvailabilityException,
  AvailabilityInput,
  Practitioner,
  TimeRange,
  WeeklyRange,
} from '@medicare/contracts';
import { useApi } from '../../api/context';
import { ApiError, describeError } from '../../api/errors';
import { keys } from '../../api/query-keys';
import { practitionerName } from '../../lib/queries';
import { addDays, dateIn, formatDate } from '../../lib/time';
import { Button } from '../../ui/Button';
import { ErrorState, Loading, Notice } from '../../ui/feedback';
import { Field, Select, TextInput } from '../../ui/form';
import { Card } from '../../ui/layout';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A practitioner's weekly hours and dated exceptions, loaded, edited and saved whole (PUT). */
export function HoursEditor({
  practitioner,
  onSaved,
  onClose,
}: {
  practitioner: Practitioner;
  onSaved: () => void;
  onClose: () => void;
}) {
  const api = useApi();
  const availability = useQuery({
    queryKey: keys.availability(practitioner.id),
    queryFn: () => api.getAvailability(practitioner.id),
  });
  return (
    <Card title={`Working hours of ${practitionerName(practitioner)}`}>
      <p className="mb-3 text-sm text-slate-700">
        Local times in {practitioner.timeZone.replace(/_/g, ' ')}. Several ranges a day are fine (a lunch
        break is the gap between two).
      </p>
      {availability.isPending ? (
        <Loading />
      ) : availability.isError ? (
        <ErrorState error={availability.error} onRetry={() => void availability.refetch()} />
      ) : (
        <HoursForm
          practitioner={practitioner}
          initial={availability.data}
          onSaved={onSaved}
          onClose={onClose}
        />
      )}
    </Card>
  );
}

type Exception = AvailabilityException & { key: number };
let nextKey = 0;

function HoursForm({
  practitioner,
  initial,
  onSaved,
  onClose,
}: {
  practitioner: Practitioner;
  initial: Availability;
  onSaved: () => void;
  onClose: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [weekly, setWeekly] = useState<WeeklyRange[]>(initial.weekly);
  const [exceptions, setExceptions] = useState<Exception[]>(
    initial.exceptions.map((e) => ({ ...e, key: nextKey++ })),
  );
  const save = useMutation({
    mutationFn: (input: AvailabilityInput) => api.putAvailability(practitioner.id, input),
    onSuccess: async (saved) => {
      queryClient.setQueryData(keys.availability(practitioner.id), saved);
      // Free slots follow the hours.
      await queryClient.invalidateQueries({ queryKey: keys.appointments.all });
      onSaved();
    },
  });
  const today = dateIn(new Date(), practitioner.timeZone);

  const setRange = (index: number, changes: Partial<WeeklyRange>) =>
    setWeekly(weekly.map((r, i) => (i === index ? { ...r, ...changes } : r)));
  const setException = (key: number, changes: Partial<AvailabilityException>) =>
    setExceptions(exceptions.map((e) => (e.key === key ? { ...e, ...changes } : e)));

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({
          weekly: [...weekly].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
          exceptions: exceptions
            .map(({ date, ranges }) => ({ date, ranges }))
            .sort((a, b) => a.date.localeCompare(b.date)),
        });
      }}
    >
      {initial.isDefault && (
        <Notice>
          No hours are set yet, so the clinic’s default applies (Monday to Friday, 8:00 to 18:00). Change them
          and save to make them this practitioner’s own.
        </Notice>
      )}
      <div className="space-y-3">
        <h3 className="text-base font-semibold">Every week</h3>
        {WEEKDAYS.map((dayName, i) => {
          const weekday = i + 1;
          const ranges = weekly.map((r, index) => ({ r, index })).filter(({ r }) => r.weekday === weekday);
          return (
            <fieldset key={weekday} className="rounded-md border border-slate-200 p-2">
              <legend className="px-1 text-sm font-medium">{dayName}</legend>
              {ranges.length === 0 && <p className="px-1 text-sm text-slate-600">Closed</p>}
              {ranges.map(({ r, index }, n) => (
                <RangeRow
                  key={index}
                  label={`${dayName}, hours ${n + 1}`}
                  range={r}
                  onChange={(changes) => setRange(index, changes)}
                  onRemove={() => setWeekly(weekly.filter((_, j) => j !== index))}
                />
              ))}
              <Button
                variant="ghost"
                onClick={() => {
                  const last = ranges.at(-1)?.r;
                  setWeekly([
                    ...weekly,
                    last
                      ? { weekday, start: last.end, end: last.end < '20:00' ? '20:00' : '24:00' }
                      : { weekday, start: '09:00', end: '17:00' },
                  ]);
                }}
              >
                Add hours<span className="sr-only"> on {dayName}</span>
              </Button>
            </fieldset>
          );
        })}
      </div>

      <div className="space-y-3">
        <h3 className="text-base font-semibold">Exceptions on dates</h3>
        <p className="text-sm text-slate-700">
          Time off, or different hours on one day: an exception replaces that day’s weekly hours.
        </p>
        {exceptions.length === 0 && <p className="text-sm text-slate-600">None.</p>}
        {exceptions.map((e) => (
          <fieldset key={e.key} className="space-y-2 rounded-md border border-slate-200 p-2">
            <legend className="px-1 text-sm font-medium">
              {e.date ? formatDate(e.date) : 'New exception'}
            </legend>
            <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
              <Field label="Date">
                {(props) => (
                  <TextInput
                    {...props}
                    type="date"
                    required
                    value={e.date}
                    onChange={(event) => setException(e.key, { date: event.target.value })}
                  />
                )}
              </Field>
              <Field label="That day">
                {(props) => (
                  <Select
                    {...props}
                    value={e.ranges.length === 0 ? 'closed' : 'hours'}
                    onChange={(event) =>
                      setException(e.key, {
                        ranges: event.target.value === 'closed' ? [] : [{ start: '09:00', end: '13:00' }],
                      })
                    }
                  >
                    <option value="closed">Closed (time off)</option>
                    <option value="hours">Works these hours instead</option>
                  </Select>
                )}
              </Field>
            </div>
            {e.ranges.map((r, n) => (
              <RangeRow
                key={n}
                label={`${e.date || 'Exception'}, hours ${n + 1}`}
                range={r}
                onChange={(changes) =>
                  setException(e.key, {
                    ranges: e.ranges.map((x, j) => (j === n ? { ...x, ...changes } : x)),
                  })
                }
                onRemove={() => setException(e.key, { ranges: e.ranges.filter((_, j) => j !== n) })}
              />
            ))}
            <div className="flex flex-wrap gap-2">
              {e.ranges.length > 0 && (
                <Button
                  variant="ghost"
                  onClick={() =>
                    setException(e.key, {
                      ranges: [...e.ranges, { start: e.ranges.at(-1)!.end, end: '17:00' }],
                    })
                  }
                >
                  Add hours<span className="sr-only"> on {e.date}</span>
                </Button>
              )}
              <Button
                variant="ghost"
                onClick={() => setExceptions(exceptions.filter((x) => x.key !== e.key))}
              >
                Remove exception<span className="sr-only"> on {e.date}</span>
              </Button>
            </div>
          </fieldset>
        ))}
        <Button
          onClick={() =>
            setExceptions([...exceptions, { key: nextKey++, date: addDays(today, 7), ranges: [] }])
          }
        >
          Add an exception
        </Button>
      </div>

      {save.isError && <SaveError error={save.error} />}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save working hours'}
        </Button>
        <Button onClick={onClose}>Close</Button>
      </div>
    </form>
  );
}

function RangeRow({
  label,
  range,
  onChange,
  onRemove,
}: {
  label: string;
  range: TimeRange;
  onChange: (changes: Partial<TimeRange>) => void;
  onRemove: () => void;
}) {
  const backwards = range.end !== '24:00' && range.end <= range.start;
  return (
    <div className="flex flex-wrap items-end gap-2 px-1 py-1">
      <Field label={`${label}, from`} className="w-32">
        {(props) => (
          <TextInput
            {...props}
            type="time"
            step={900}
            value={range.start}
            onChange={(e) => onChange({ start: e.target.value })}
          />
        )}
      </Field>
      <Field
        label={`${label}, until`}
        className="w-32"
        error={backwards ? 'Ends before it starts' : undefined}
      >
        {(props) => (
          <TextInput
            {...props}
            type="time"
            step={900}
            value={range.end === '24:00' ? '23:59' : range.end}
            onChange={(e) => onChange({ end: e.target.value })}
          />
        )}
      </Field>
      <Button variant="ghost" onClick={onRemove}>
        Remove<span className="sr-only"> {label}</span>
      </Button>
    </div>
  );
}

/** The API's refusal, with each problem it named (an overlap, a bad time) in words. */
function SaveError({ error }: { error: unknown }) {
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Notice tone="error" title="The hours were not saved">
      <p>{describeError(error)}</p>
      {issues.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {issues.map((issue) => (
            <li key={`${issue.path}${issue.message}`}>
              {describeIssuePath(issue.path)}: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

/** `/weekly/3/end` → "Weekly hours 4, end". */
function describeIssuePath(path: string): string {
  const [list, index, field] = path.split('/').slice(1);
  const what = list === 'weekly' ? 'Weekly hours' : list === 'exceptions' ? 'Exception' : list;
  return [what, index !== undefined ? Number(index) + 1 : undefined, field]
    .filter((x) => x !== undefined)
    .join(' ');
}
