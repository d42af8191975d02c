import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { clinic, renderApp } from '../../../test/render';
import { localToday, zonedToInstant } from '../../lib/time';

// Every GET /api/patients/:id is one more "read" in that patient's own access log: a list of
// appointments must name its patients from appointment.patientName, not by fetching each one.
describe('appointment lists name patients without reading their records', () => {
  const book = (date: string) => {
    const { client, practitioner, ana, liam } = clinic();
    for (const [time, patient] of [
      ['09:00', ana],
      ['10:00', liam],
      ['11:00', ana],
    ] as const) {
      const start = zonedToInstant(date, time, practitioner.timeZone);
      client.addAppointment({
        patientId: patient.id,
        practitionerId: practitioner.id,
        start: start.toISOString(),
        end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      });
    }
    return { client, getPatient: vi.spyOn(client, 'getPatient') };
  };

  it('on the schedule', async () => {
    const date = localToday();
    const { client, getPatient } = book(date);
    renderApp(`/schedule?date=${date}`, client);
    expect(await screen.findByRole('button', { name: /10:00 AM.*Liam Smith/ })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /Ana García/ })).toHaveLength(2);
    expect(getPatient).not.toHaveBeenCalled();
  });

  it('on Today', async () => {
    const { client, getPatient } = book(localToday());
    renderApp('/today', client);
    expect(await screen.findByText('Liam Smith')).toBeInTheDocument();
    expect(screen.getAllByText('Ana García')).toHaveLength(2);
    expect(getPatient).not.toHaveBeenCalled();
  });
});
