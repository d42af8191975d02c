import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = {
  from: string;
  to: string[];
  raw: string;
  /** The body as text (quoted-printable decoded). */
  text: string;
  header: (name: string) => string;
};

/** RFC 2045 quoted-printable, as nodemailer writes long lines and non-ASCII text. */
function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A real SMTP server in this process (port 0): what arrives is kept; `refuseNext(n)` turns n messages away. */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let onNext: (() => void) | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusals > 0) {
          refusals--;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
        const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
        const body = rest.join('\n\n');
        const quoted = /content-transfer-encoding:\s*quoted-printable/i.test(unfolded);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          text: quoted ? decodeQuotedPrintable(body) : body,
          header: (name) =>
            unfolded
              .split(/\r?\n/)
              .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
              ?.slice(name.length + 1)
              .trim() ?? '',
        });
        const then = onNext;
        onNext = undefined;
        then?.();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuseNext(n: number) {
      refusals = n;
    },
    /** Runs `fn` when the next message has arrived (before the server answers it). */
    onNextMessage(fn: () => void) {
      onNext = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
