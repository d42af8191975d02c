import { useId, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Patient } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useDebounced } from '../../lib/hooks';
import { patientName } from '../../lib/queries';
import { ErrorState, Loading } from '../../ui/feedback';
import { Pager, useCursorPager } from '../../ui/Pager';
import { patientQuery } from './search';
import { keys } from '../../api/query-keys';

type Props = {
  /** What choosing a patient does: open the record, fill a form field, … */
  onChoose: (patient: Patient) => void;
  label?: string;
  pageSize?: number;
  initialText?: string;
  onTextChange?: (text: string) => void;
};

/**
 * Search as you type on name, phone, e-mail, MRN or birth date, and the paged results as a listbox:
 * ↓/↑ move through the results, Enter chooses, Escape clears. The same component picks a patient
 * when booking and creating users.
 */
export function PatientSearch({
  onChoose,
  label = 'Search patients',
  pageSize = 20,
  initialText = '',
  onTextChange,
}: Props) {
  const api = useApi();
  const id = useId();
  const [text, setText] = useState(initialText);
  const [active, setActive] = useState(-1);
  const query = patientQuery(useDebounced(text, 250));
  const pager = useCursorPager(JSON.stringify(query));
  const results = useQuery({
    queryKey: keys.patients.search(query, pager.cursor, pageSize),
    queryFn: () =>
      api.listPatients({ ...query, limit: pageSize, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const items = results.data?.items ?? [];
  const activeId = active >= 0 && active < items.length ? `${id}-option-${active}` : undefined;

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, items.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter' && active >= 0 && items[active]) {
      event.preventDefault();
      onChoose(items[active]);
    } else if (event.key === 'Escape') {
      setText('');
      setActive(-1);
      onTextChange?.('');
    }
  }

  return (
    <div>
      <label htmlFor={`${id}-input`} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm min-h-10"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(-1);
          onTextChange?.(event.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
        Name, phone, e-mail, MRN or birth date (YYYY-MM-DD). Use ↓ and ↑ to move through the results, Enter to
        open.
      </p>
      <div className="mt-3" aria-live="polite" aria-busy={results.isFetching}>
        {results.isPending ? (
          <Loading label="Searching…" />
        ) : results.isError ? (
          <ErrorState error={results.error} onRetry={() => void results.refetch()} />
        ) : items.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
            {text.trim() ? `No patient matches “${text.trim()}”.` : 'No patients yet.'}
          </p>
        ) : (
          <p className="sr-only">{`${items.length} patients shown`}</p>
        )}
      </div>
      {items.length > 0 && (
        <ul
          id={`${id}-list`}
          role="listbox"
          aria-label="Patients found"
          className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white"
        >
          {items.map((patient, index) => (
            <li
              key={patient.id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              onClick={() => onChoose(patient)}
              onMouseEnter={() => setActive(index)}
              className={`grid cursor-pointer grid-cols-1 gap-x-4 px-3 py-2 text-sm sm:grid-cols-[2fr_1.2fr_1fr_1.3fr] ${
                index === active ? 'bg-blue-100 outline-2 outline-blue-700' : 'hover:bg-slate-50'
              }`}
            >
              <span className="font-medium text-slate-900">{patientName(patient)}</span>
              <span className="text-slate-700">Born {patient.birthDate}</span>
              <span className="text-slate-700">{patient.mrn}</span>
              <span className="text-slate-700">{patient.phone ?? patient.email ?? ''}</span>
            </li>
          ))}
        </ul>
      )}
      <Pager
        label="Patient results"
        page={pager.page}
        nextCursor={results.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </div>
  );
}
