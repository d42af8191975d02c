import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Appointment } from '@medicare/contracts';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

describe('a patient’s no-shows', () => {
  it('are counted on their record', async () => {
    const { api, practitioner, liam } = await clinic();
    // Started a minute ago: it may be marked a no-show now.
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    const missed = await api.addAppointment({
      patientId: liam.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      override: { reason: 'Test day' },
    });
    await api.call<Appointment>('PUT', `/api/appointments/${missed.id}`, {
      ...missed,
      status: 'noshow',
    });
    await renderApp(`/patients/${liam.id}`, api);
    expect(
      await screen.findByText(/^1 missed appointment \(no-show\), the last on \w{3} \d+/),
    ).toBeInTheDocument();
  });
});
