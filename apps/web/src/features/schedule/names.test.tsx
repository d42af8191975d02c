import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';
import { localToday, zonedToInstant } from '../../lib/time';

// Every GET /api/patients/:id is one more "read" in that patient's own access log: a list of
// appointments must name its patients from appointment.patientName, not by fetching each one.
describe('appointment lists name patients without reading their records', () => {
  const book = async (date: string) => {
    const { api, practitioner, ana, liam } = await clinic();
    for (const [time, patient] of [
      ['09:00', ana],
      ['10:00', liam],
      ['11:00', ana],
    ] as const) {
      const start = zonedToInstant(date, time, practitioner.timeZone);
      await api.addAppointment({
        patientId: patient.id,
        practitionerId: practitioner.id,
        start: start.toISOString(),
        end: new Date(start.getTime() + 30 * 60_000).toISOString(),
        // Today may be a Sunday: outside the default hours.
        override: { reason: 'Test day' },
      });
    }
    return { api };
  };
  const patientReads = (calls: unknown[][]) => calls.filter(([name]) => name === 'getPatient');

  it('on the schedule', async () => {
    const date = localToday();
    const { api } = await book(date);
    const { client } = await renderApp(`/schedule?date=${date}`, api);
    expect(await screen.findByRole('button', { name: /10:00 AM.*Liam Smith/ })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /Ana García/ })).toHaveLength(2);
    expect(patientReads(client.calls)).toEqual([]);
  });

  it('on Today', async () => {
    const { api } = await book(localToday());
    const { client } = await renderApp('/today', api);
    expect(await screen.findByText('Liam Smith')).toBeInTheDocument();
    expect(screen.getAllByText('Ana García')).toHaveLength(2);
    expect(patientReads(client.calls)).toEqual([]);
  });
});
