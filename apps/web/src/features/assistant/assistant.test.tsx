import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AssistantAnswer } from '@medicare/contracts';
import { clinic } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

async function withReport() {
  const setup = await clinic();
  const { api, liam } = setup;
  const report = await api.addDocument(liam.id, 'Cardiology report', [
    'Echocardiogram normal.',
    'The ejection fraction was 55 percent, within normal limits.',
  ]);
  const leaflet = await api.addDocument(null, 'Heart leaflet', ['Walk thirty minutes a day.']);
  return { ...setup, report, leaflet };
}

describe('assistant', () => {
  it('streams an answer about a chosen patient, says it is not generating, and cites the report at its page', async () => {
    const { api, liam, report } = await withReport();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const { user, router, client } = await renderApp('/assistant', api, { signedInAs: 'clinician' });
    await user.type(await screen.findByLabelText('Find a patient'), 'Liam');
    await user.click(await screen.findByRole('option', { name: /Liam Smith/ }));
    // The chosen patient is named once the list has closed.
    await waitFor(() => {
      expect(screen.queryByRole('option')).not.toBeInTheDocument();
      expect(screen.getByText('Liam Smith')).toBeInTheDocument();
    });

    await user.type(screen.getByLabelText('Your question'), 'What was the ejection fraction?');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    const messages = await screen.findByRole('list', { name: 'Messages' });
    expect(
      await within(messages).findByText(/Not generating text: these are the best passages/),
    ).toBeInTheDocument();
    const source = await within(messages).findByRole('button', { name: /\[1\] Cardiology report, page 2/ });
    expect(client.calls.find((c) => c[0] === 'askStreaming')?.[1]).toEqual({
      message: 'What was the ejection fraction?',
      patientId: liam.id,
    });
    await waitFor(() => expect(router.state.location.search).toMatch(/^\?conversation=/));

    await user.click(source);
    await waitFor(() => expect(client.calls).toContainEqual(['documentContent', liam.id, report.id]));
    expect(open).toHaveBeenCalledWith('', '_blank');
    open.mockRestore();
  });

  it('shows tokens as they arrive before the answer is done', async () => {
    const { api } = await withReport();
    const { user } = await renderApp('/assistant', api, { signedInAs: 'clinician' });
    await user.type(await screen.findByLabelText('Your question'), 'How long should I walk?');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    // While streaming, the Ask button says it is answering; the text grows.
    expect(await screen.findByRole('button', { name: 'Answering…' })).toBeDisabled();
    expect((await screen.findAllByText(/Walk thirty minutes a day/)).length).toBeGreaterThan(0);
    expect(await screen.findByRole('button', { name: /\[1\] Heart leaflet, page 1/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ask' })).toBeInTheDocument();
  });

  it('falls back to REST when the socket is down, and says so', async () => {
    const { api, liam } = await withReport();
    // A browser (or a proxy) that cannot open the socket.
    vi.stubGlobal(
      'WebSocket',
      class {
        constructor() {
          throw new Error('WebSocket blocked');
        }
      },
    );
    const { user } = await renderApp('/assistant', api, { signedInAs: 'patient', patientId: liam.id });
    await user.type(await screen.findByLabelText('Your question'), 'walk');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await screen.findByText(/answers arrive whole/)).toBeInTheDocument();
    // The answer came all the same: by POST /api/assistant/messages.
    expect(await screen.findByRole('button', { name: /Heart leaflet, page 1/ })).toBeInTheDocument();
  });

  it('makes a red-flag answer stand out', async () => {
    const { api, liam } = await withReport();
    const { user } = await renderApp('/assistant', api, { signedInAs: 'patient', patientId: liam.id });
    await user.type(await screen.findByLabelText('Your question'), 'I have chest pain');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await screen.findByText('See a clinician now')).toBeInTheDocument();
    expect(screen.queryByText(/Not generating text/)).not.toBeInTheDocument();
  });

  it('lists conversations and resumes one, continuing it', async () => {
    const { api } = await withReport();
    const clinician = await api.addUser('clinician');
    const first = await api.callAs<AssistantAnswer>(clinician, 'POST', '/api/assistant/messages', {
      message: 'walking advice',
    });
    const { user, client } = await renderApp('/assistant', api, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: /walking advice/ }));
    const messages = await screen.findByRole('list', { name: 'Messages' });
    expect(within(messages).getByText('walking advice')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Your question'), 'and the heart?');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await within(messages).findByText('and the heart?')).toBeInTheDocument();
    await waitFor(() =>
      expect(client.calls.filter((c) => c[0] === 'askStreaming').at(-1)?.[1]).toEqual({
        message: 'and the heart?',
        conversationId: first.conversationId,
      }),
    );
  });

  it('disables the microphone with a reason when neither the browser nor the server can listen', async () => {
    const { api, liam } = await withReport();
    await renderApp('/assistant', api, { signedInAs: 'patient', patientId: liam.id });
    const mic = await screen.findByRole('button', { name: /Speak/ });
    expect(mic).toBeDisabled();
    expect(screen.getByText(/Voice input is not available/)).toBeInTheDocument();
  });

  it('uses the browser’s SpeechRecognition for the microphone when it exists', async () => {
    const { api, liam } = await withReport();
    class FakeRecognition {
      lang = '';
      interimResults = false;
      continuous = false;
      onresult: ((e: { results: { transcript: string }[][] }) => void) | null = null;
      onerror = null;
      onend: (() => void) | null = null;
      start() {
        queueMicrotask(() => {
          this.onresult?.({ results: [[{ transcript: 'blood pressure advice' }]] });
          this.onend?.();
        });
      }
      stop() {}
    }
    vi.stubGlobal('webkitSpeechRecognition', FakeRecognition);
    const { user } = await renderApp('/assistant', api, { signedInAs: 'patient', patientId: liam.id });
    await user.click(await screen.findByRole('button', { name: /Speak/ }));
    await waitFor(() => expect(screen.getByLabelText('Your question')).toHaveValue('blood pressure advice'));
  });
});
