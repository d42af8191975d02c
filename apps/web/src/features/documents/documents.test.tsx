import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic, PNG_BYTES } from '../../../test/clinic';
import { renderApp } from '../../../test/render';

const documentsOf = (id: string) => `/patients/${id}?tab=documents`;
const pdf = (name: string, size = 0) =>
  new File(['%PDF-1.7\n', 'x'.repeat(size)], name, { type: 'application/pdf' });

describe('documents tab', () => {
  it('lists documents with type, size, date and text status, and uploads with progress', async () => {
    const { api, liam } = await clinic();
    await api.addDocument(liam.id, 'Discharge summary', ['Blood pressure was high.'], { padTo: 2048 });
    const { user, client } = await renderApp(documentsOf(liam.id), api, { signedInAs: 'clinician' });
    const list = await screen.findByRole('region', { name: 'Documents' });
    expect(await within(list).findByText('Discharge summary')).toBeInTheDocument();
    expect(within(list).getByText(/PDF · 2\.0 KB · .* · 1 page ·/)).toBeInTheDocument();
    expect(within(list).getByText('Searchable')).toBeInTheDocument();

    await user.upload(screen.getByLabelText(/^File/), pdf('lab-results.pdf'));
    await user.type(screen.getByLabelText(/^Title/), 'Lab results');
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(await screen.findByText(/“Lab results” was uploaded/)).toBeInTheDocument();
    expect(await within(list).findByText('Lab results')).toBeInTheDocument();
    expect(client.calls).toContainEqual([
      'uploadDocument',
      liam.id,
      expect.objectContaining({ name: 'lab-results.pdf' }),
      expect.objectContaining({ title: 'Lab results' }),
    ]);
  });

  it('says plainly why a file was refused: too large (413) or not a PDF/PNG/JPEG by its bytes (415)', async () => {
    const { api, liam } = await clinic({ config: { documents: { maxBytes: 100 } } });
    const { user } = await renderApp(documentsOf(liam.id), api, { signedInAs: 'clinician' });
    await user.upload(await screen.findByLabelText(/^File/), pdf('big.pdf', 500));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(
      await screen.findByText(/The file is too large\. The file is larger than the 100 byte limit/),
    ).toBeInTheDocument();

    await user.upload(screen.getByLabelText(/^File/), new File(['MZ\x90\x00'], 'report.pdf'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(
      await screen.findByText(/not a PDF, PNG or JPEG file .* Only PDF, PNG and JPEG/),
    ).toBeInTheDocument();
  });

  it('previews an image, downloads with ?download=true and deletes after confirmation', async () => {
    const { api, liam } = await clinic();
    const doc = await api.addDocument(liam.id, 'Rash photo', [], {
      file: { name: 'rash.png', type: 'image/png', bytes: PNG_BYTES },
    });
    const { user, client } = await renderApp(documentsOf(liam.id), api, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: 'Preview Rash photo' }));
    const preview = await screen.findByRole('region', { name: 'Preview of Rash photo' });
    expect(await within(preview).findByRole('img', { name: 'Rash photo' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Download Rash photo' }));
    await waitFor(() =>
      expect(client.calls).toContainEqual(['documentContent', liam.id, doc.id, { download: true }]),
    );

    await user.click(screen.getByRole('button', { name: 'Delete Rash photo' }));
    await user.click(screen.getByRole('button', { name: 'Delete “Rash photo”' }));
    expect(await screen.findByText('No documents yet.')).toBeInTheDocument();
  });

  it('shows the front desk the list only: no upload, preview, download or delete', async () => {
    const { api, liam } = await clinic();
    await api.addDocument(liam.id, 'Referral letter');
    await renderApp(documentsOf(liam.id), api, { signedInAs: 'front_desk' });
    expect(await screen.findByText('Referral letter')).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Observations' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Upload a document' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Preview|Download|Delete/ })).not.toBeInTheDocument();
    expect(screen.getByText(/sees which documents exist, not what they say/)).toBeInTheDocument();
  });

  it('lets an admin manage the knowledge base', async () => {
    const { api } = await clinic();
    await api.addDocument(null, 'Hypertension leaflet', ['Lower salt.']);
    const { user, client } = await renderApp('/admin/knowledge', api, { signedInAs: 'admin' });
    expect(await screen.findByText('Hypertension leaflet')).toBeInTheDocument();
    await user.upload(screen.getByLabelText(/^File/), pdf('asthma-guide.pdf'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(await screen.findByText('asthma-guide')).toBeInTheDocument();
    expect(client.calls).toContainEqual([
      'uploadDocument',
      null,
      expect.objectContaining({ name: 'asthma-guide.pdf' }),
      expect.not.objectContaining({ title: expect.anything() }),
    ]);
  });
});
