import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Patient, Role, User, UserCreateInput } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { ApiError, describeError } from '../../api/errors';
import { useTitle } from '../../app/guards';
import { ROLE_LABELS } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { patientName, practitionerName, usePractitioners } from '../../lib/queries';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field, Select, TextField } from '../../ui/form';
import { Card, PageHeader } from '../../ui/layout';
import { useCursorPager } from '../../ui/Pager';
import { PagedList } from '../../ui/Table';
import { PatientSearch } from '../patients/PatientSearch';
import { keys } from '../../api/query-keys';

const ROLES = Object.keys(ROLE_LABELS) as Role[];

export function UsersPage() {
  useTitle('Users');
  const api = useApi();
  const [role, setRole] = useState<Role | ''>('');
  const [active, setActive] = useState<'true' | 'false' | ''>('true');
  const [message, setMessage] = useState<string | null>(null);
  const filters = { ...(role ? { role } : {}), ...(active ? { active: active === 'true' } : {}) };
  const pager = useCursorPager(JSON.stringify(filters));
  const users = useQuery({
    queryKey: keys.users.page(filters, pager.cursor),
    queryFn: () =>
      api.listUsers({ ...filters, limit: 20, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title="Users" subtitle="Who may sign in, and with which role." />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_24rem]">
        <div>
          <div className="mb-3 grid grid-cols-2 gap-3 sm:max-w-md">
            <Field label="Role">
              {(props) => (
                <Select {...props} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
                  <option value="">All roles</option>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Status">
              {(props) => (
                <Select
                  {...props}
                  value={active}
                  onChange={(e) => setActive(e.target.value as typeof active)}
                >
                  <option value="true">Active</option>
                  <option value="false">Deactivated</option>
                  <option value="">All</option>
                </Select>
              )}
            </Field>
          </div>
          {message && (
            <div className="mb-3">
              <Notice tone="success">{message}</Notice>
            </div>
          )}
          <PagedList query={users} pager={pager} label="Users" empty="No users match these filters.">
            {(items) => (
              <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
                {items.map((user) => (
                  <UserRow key={user.id} user={user} onMessage={setMessage} />
                ))}
              </ul>
            )}
          </PagedList>
        </div>
        <Card title="New user">
          <NewUserForm
            onCreated={(user) =>
              setMessage(`${user.name} can now sign in as ${ROLE_LABELS[user.role].toLowerCase()}.`)
            }
          />
        </Card>
      </div>
    </>
  );
}

function UserRow({ user, onMessage }: { user: User; onMessage: (message: string) => void }) {
  const api = useApi();
  const me = useUser();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const update = useMutation({
    mutationFn: (input: Parameters<typeof api.updateUser>[1]) => api.updateUser(user.id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.users.all }),
  });
  const unlock = useMutation({
    mutationFn: () => api.unlockUser(user.id),
    onSuccess: () => onMessage(`${user.name} can sign in again: the sign-in lock was lifted.`),
  });
  const self = user.id === me.id;
  const roleChangeNeedsPatient = role === 'patient' && !user.patientId;
  return (
    <li className="flex flex-wrap items-end justify-between gap-3 px-3 py-3 text-sm">
      <div className="min-w-0">
        <p className="font-medium text-slate-900">
          {user.name} {self && <span className="text-slate-600">(you)</span>}
        </p>
        <p className="break-all text-slate-700">{user.email}</p>
        <p className="text-slate-700">
          {user.active ? ROLE_LABELS[user.role] : `Deactivated · was ${ROLE_LABELS[user.role]}`}
        </p>
        {(update.isError || unlock.isError) && (
          <p className="mt-1 text-red-800" role="alert">
            {describeError(update.error ?? unlock.error)}
          </p>
        )}
      </div>
      {user.active && !self && (
        <div className="flex flex-wrap items-end gap-2">
          <Field label={`Role of ${user.name}`} className="w-40">
            {(props) => (
              <Select {...props} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r} disabled={r === 'patient' && !user.patientId}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button
            disabled={role === user.role || roleChangeNeedsPatient || update.isPending}
            onClick={() =>
              update.mutate(
                { role },
                {
                  onSuccess: () =>
                    onMessage(
                      `${user.name} is now ${ROLE_LABELS[role].toLowerCase()}; their sessions were ended.`,
                    ),
                },
              )
            }
          >
            Change role
          </Button>
          {user.role === 'clinician' && (
            <PractitionerLink
              user={user}
              busy={update.isPending}
              onLink={(practitionerId, text) =>
                update.mutate({ practitionerId }, { onSuccess: () => onMessage(text) })
              }
            />
          )}
          <Button disabled={unlock.isPending} onClick={() => unlock.mutate()}>
            Lift sign-in lock
          </Button>
          <Button
            variant="danger"
            disabled={update.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Deactivate ${user.name}? They are signed out everywhere and can no longer sign in.`,
                )
              )
                update.mutate(
                  { active: false },
                  { onSuccess: () => onMessage(`${user.name} was deactivated.`) },
                );
            }}
          >
            Deactivate
          </Button>
        </div>
      )}
    </li>
  );
}

/** Which practitioner a clinician is: their own day on Today ("my day"). */
function PractitionerLink({
  user,
  busy,
  onLink,
}: {
  user: User;
  busy: boolean;
  onLink: (practitionerId: string | null, message: string) => void;
}) {
  const practitioners = usePractitioners();
  const [chosen, setChosen] = useState(user.practitionerId ?? '');
  const list = practitioners.data ?? [];
  const target = list.find((p) => p.id === chosen);
  return (
    <>
      <Field label={`Practitioner ${user.name} is`} className="w-48">
        {(props) => (
          <Select {...props} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Not linked</option>
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {practitionerName(p)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Button
        disabled={busy || chosen === (user.practitionerId ?? '')}
        onClick={() =>
          onLink(
            chosen || null,
            target
              ? `${user.name} is linked to ${practitionerName(target)}: Today shows their own day.`
              : `${user.name} is no longer linked to a practitioner.`,
          )
        }
      >
        Link
      </Button>
    </>
  );
}

const USER_POINTERS = ['/email', '/name', '/role', '/patientId', '/practitionerId', '/password'] as const;

function NewUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ email: '', name: '', role: 'front_desk' as Role, password: '' });
  const [patient, setPatient] = useState<Patient | null>(null);
  const create = useMutation({
    mutationFn: (input: UserCreateInput) => api.createUser(input),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: keys.users.all });
      setValues({ email: '', name: '', role: values.role, password: '' });
      setPatient(null);
      onCreated(user);
    },
  });
  const errors: Record<string, string> = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const other =
    create.error instanceof ApiError && !USER_POINTERS.some((p) => errors[p])
      ? describeError(create.error)
      : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      email: values.email.trim(),
      name: values.name.trim(),
      role: values.role,
      password: values.password,
      ...(values.role === 'patient' && patient ? { patientId: patient.id } : {}),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <TextField
        label="Name"
        error={errors['/name']}
        required
        value={values.name}
        onValue={(value) => setValues({ ...values, name: value })}
      />
      <TextField
        label="E-mail"
        error={errors['/email']}
        required
        type="email"
        value={values.email}
        onValue={(value) => setValues({ ...values, email: value })}
      />
      <Field label="Role" error={errors['/role']} required>
        {(props) => (
          <Select
            {...props}
            value={values.role}
            onChange={(e) => setValues({ ...values, role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {values.role === 'patient' &&
        (patient ? (
          <p className="rounded-md bg-slate-100 p-2 text-sm">
            Patient record: <strong>{patientName(patient)}</strong> ({patient.mrn}){' '}
            <Button variant="ghost" onClick={() => setPatient(null)}>
              Change
            </Button>
          </p>
        ) : (
          <div>
            <PatientSearch label="Patient record this user may see" pageSize={5} onChoose={setPatient} />
            {errors['/patientId'] && <p className="mt-1 text-sm text-red-800">{errors['/patientId']}</p>}
          </div>
        ))}
      <TextField
        label="Initial password"
        error={errors['/password']}
        hint="At least 12 characters, not easy to guess. Share it privately: they choose their own at first sign-in."
        required
        type="password"
        autoComplete="new-password"
        value={values.password}
        onValue={(value) => setValues({ ...values, password: value })}
      />
      {other && <Notice tone="error">{other}</Notice>}
      <Button
        type="submit"
        variant="primary"
        disabled={create.isPending || (values.role === 'patient' && !patient)}
      >
        {create.isPending ? 'Creating…' : 'Create user'}
      </Button>
    </form>
  );
}
