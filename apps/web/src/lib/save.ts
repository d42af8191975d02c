/**
 * Saves `blob` as a file named `fileName`, as a link with `download` would. Files behind the API need
 * the access token, which a plain link cannot send: the app fetches the bytes and saves them from a
 * short-lived blob URL.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  if (blob.type) link.type = blob.type;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
