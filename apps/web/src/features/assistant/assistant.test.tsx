import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { clinic, renderApp } from '../../../test/render';

function withReport() {
  const setup = clinic();
  const { client, liam } = setup;
  const report = client.addDocument(liam.id, { title: 'Cardiology report' }, [
    'Echocardiogram normal.',
    'The ejection fraction was 55 percent, within normal limits.',
  ]);
  const leaflet = client.addDocument(null, { title: 'Heart leaflet' }, ['Walk thirty minutes a day.']);
  return { ...setup, report, leaflet };
}

describe('assistant', () => {
  it('streams an answer about a chosen patient, says it is not generating, and cites the report at its page', async () => {
    const { client, liam, report } = withReport();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const { user, router } = renderApp('/assistant', client, { signedInAs: 'clinician' });
    await user.type(await screen.findByLabelText('Find a patient'), 'Liam');
    await user.click(await screen.findByRole('option', { name: /Liam Smith/ }));
    expect(await screen.findByText('Liam Smith')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Your question'), 'What was the ejection fraction?');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    const messages = await screen.findByRole('list', { name: 'Messages' });
    expect(
      await within(messages).findByText(/Not generating text: these are the best passages/),
    ).toBeInTheDocument();
    const source = await within(messages).findByRole(
      'button',
      { name: /\[1\] Cardiology report, page 2/ },
      { timeout: 5000 },
    );
    expect(client.calls.find((c) => c[0] === 'askStreaming')?.[1]).toEqual({
      message: 'What was the ejection fraction?',
      patientId: liam.id,
    });
    await waitFor(() => expect(router.state.location.search).toMatch(/^\?conversation=/));

    await user.click(source);
    await waitFor(() => expect(client.calls).toContainEqual(['documentContent', liam.id, report.id, false]));
    expect(open).toHaveBeenCalledWith('', '_blank');
    open.mockRestore();
  }, 15_000);

  it('shows tokens as they arrive before the answer is done', async () => {
    const { client } = withReport();
    const { user } = renderApp('/assistant', client, { signedInAs: 'clinician' });
    await user.type(await screen.findByLabelText('Your question'), 'How long should I walk?');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    // While streaming, the Ask button says it is answering; the text grows.
    expect(await screen.findByRole('button', { name: 'Answering…' })).toBeDisabled();
    expect((await screen.findAllByText(/Walk thirty minutes a day/)).length).toBeGreaterThan(0);
    expect(await screen.findByRole('button', { name: /\[1\] Heart leaflet, page 1/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ask' })).toBeInTheDocument();
  });

  it('falls back to REST when the socket is down, and says so', async () => {
    const { client } = withReport();
    client.socketUp = false;
    const { user } = renderApp('/assistant', client, { signedInAs: 'patient' });
    await user.type(await screen.findByLabelText('Your question'), 'walk');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await screen.findByText(/answers arrive whole/)).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: /Heart leaflet, page 1/ })).toBeInTheDocument();
    expect(client.calls.some((c) => c[0] === 'ask')).toBe(true);
  });

  it('makes a red-flag answer stand out', async () => {
    const { client } = withReport();
    const { user } = renderApp('/assistant', client, { signedInAs: 'patient' });
    await user.type(await screen.findByLabelText('Your question'), 'I have chest pain');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await screen.findByText('See a clinician now')).toBeInTheDocument();
    expect(screen.queryByText(/Not generating text/)).not.toBeInTheDocument();
  });

  it('lists conversations and resumes one, continuing it', async () => {
    const { client } = withReport();
    client.addUser('clinician');
    client.current = client.users.find((u) => u.role === 'clinician')!;
    const first = await client.ask({ message: 'walking advice' });
    const { user } = renderApp('/assistant', client, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: /walking advice/ }));
    const messages = await screen.findByRole('list', { name: 'Messages' });
    expect(within(messages).getByText('walking advice')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Your question'), 'and the heart?');
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    expect(await within(messages).findByText('and the heart?')).toBeInTheDocument();
    await waitFor(() =>
      expect(client.calls.at(-1)).toEqual([
        'ask',
        { message: 'and the heart?', conversationId: first.conversationId },
      ]),
    );
  });

  it('disables the microphone with a reason when neither the browser nor the server can listen', async () => {
    const { client } = withReport();
    renderApp('/assistant', client, { signedInAs: 'patient' });
    const mic = await screen.findByRole('button', { name: /Speak/ });
    expect(mic).toBeDisabled();
    expect(screen.getByText(/Voice input is not available/)).toBeInTheDocument();
  });

  it('uses the browser’s SpeechRecognition for the microphone when it exists', async () => {
    const { client } = withReport();
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
    const { user } = renderApp('/assistant', client, { signedInAs: 'patient' });
    await user.click(await screen.findByRole('button', { name: /Speak/ }));
    await waitFor(() => expect(screen.getByLabelText('Your question')).toHaveValue('blood pressure advice'));
    vi.unstubAllGlobals();
  });
});
