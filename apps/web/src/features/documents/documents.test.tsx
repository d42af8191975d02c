import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinic, renderApp } from '../../../test/render';

const documentsOf = (id: string) => `/patients/${id}?tab=documents`;
const pdf = (name: string, size = 0) =>
  new File(['%PDF-1.7\n', 'x'.repeat(size)], name, { type: 'application/pdf' });

describe('documents tab', () => {
  it('lists documents with type, size, date and text status, and uploads with progress', async () => {
    const { client, liam } = clinic();
    client.addDocument(liam.id, { title: 'Discharge summary', sizeBytes: 2048 }, [
      'Blood pressure was high.',
    ]);
    const { user } = renderApp(documentsOf(liam.id), client, { signedInAs: 'clinician' });
    const list = await screen.findByRole('region', { name: 'Documents' });
    expect(await within(list).findByText('Discharge summary')).toBeInTheDocument();
    expect(within(list).getByText(/PDF · 2\.0 KB · .* · 1 page ·/)).toBeInTheDocument();
    expect(within(list).getByText('Searchable')).toBeInTheDocument();

    await user.upload(screen.getByLabelText(/^File/), pdf('lab-results.pdf'));
    await user.type(screen.getByLabelText(/^Title/), 'Lab results');
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(await screen.findByText(/“Lab results” was uploaded/)).toBeInTheDocument();
    expect(await within(list).findByText('Lab results')).toBeInTheDocument();
    expect(client.calls).toContainEqual(['uploadDocument', liam.id, 'lab-results.pdf', 'Lab results']);
  });

  it('says plainly why a file was refused: too large (413) or not a PDF/PNG/JPEG by its bytes (415)', async () => {
    const { client, liam } = clinic();
    client.maxDocumentBytes = 100;
    const { user } = renderApp(documentsOf(liam.id), client, { signedInAs: 'clinician' });
    await user.upload(await screen.findByLabelText(/^File/), pdf('big.pdf', 500));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(
      await screen.findByText(/The file is too large\. The file is larger than 100 bytes/),
    ).toBeInTheDocument();

    client.maxDocumentBytes = 10_000;
    await user.upload(screen.getByLabelText(/^File/), new File(['MZ\x90\x00'], 'report.pdf'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(
      await screen.findByText(/not a PDF, PNG or JPEG file .* Only PDF, PNG and JPEG/),
    ).toBeInTheDocument();
  });

  it('previews an image, downloads with ?download=true and deletes after confirmation', async () => {
    const { client, liam } = clinic();
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], {
      type: 'image/png',
    });
    const doc = client.addDocument(
      liam.id,
      { title: 'Rash photo', contentType: 'image/png', textStatus: 'none' },
      [],
      png,
    );
    const { user } = renderApp(documentsOf(liam.id), client, { signedInAs: 'clinician' });
    await user.click(await screen.findByRole('button', { name: 'Preview Rash photo' }));
    const preview = await screen.findByRole('region', { name: 'Preview of Rash photo' });
    expect(await within(preview).findByRole('img', { name: 'Rash photo' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Download Rash photo' }));
    await waitFor(() => expect(client.calls).toContainEqual(['documentContent', liam.id, doc.id, true]));

    await user.click(screen.getByRole('button', { name: 'Delete Rash photo' }));
    await user.click(screen.getByRole('button', { name: 'Delete “Rash photo”' }));
    expect(await screen.findByText('No documents yet.')).toBeInTheDocument();
  });

  it('shows the front desk the list only: no upload, preview, download or delete', async () => {
    const { client, liam } = clinic();
    client.addDocument(liam.id, { title: 'Referral letter' });
    renderApp(documentsOf(liam.id), client, { signedInAs: 'front_desk' });
    expect(await screen.findByText('Referral letter')).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Observations' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Upload a document' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Preview|Download|Delete/ })).not.toBeInTheDocument();
    expect(screen.getByText(/sees which documents exist, not what they say/)).toBeInTheDocument();
  });

  it('lets an admin manage the knowledge base', async () => {
    const { client } = clinic();
    client.addDocument(null, { title: 'Hypertension leaflet' }, ['Lower salt.']);
    const { user } = renderApp('/admin/knowledge', client, { signedInAs: 'admin' });
    expect(await screen.findByText('Hypertension leaflet')).toBeInTheDocument();
    await user.upload(screen.getByLabelText(/^File/), pdf('asthma-guide.pdf'));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(await screen.findByText('asthma-guide')).toBeInTheDocument();
    expect(client.calls).toContainEqual(['uploadDocument', null, 'asthma-guide.pdf', undefined]);
  });
});
