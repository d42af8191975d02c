// The post-deploy smoke test: the health endpoints, then a signed-in read through two services behind the ALB.

export interface SmokeCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

type Fetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

/**
 * Runs every check and returns them all (a failure does not hide the others). The signed-in read uses a
 * dedicated smoke account (SMOKE_EMAIL / SMOKE_PASSWORD from the environment's secrets) and reads
 * non-clinical data only: who am I (core) and one practitioner (appointments), so no PHI is read by a robot.
 */
export async function smoke(
  baseUrl: string,
  credentials: { email: string; password: string } | undefined,
  fetchImpl: Fetch,
): Promise<SmokeCheck[]> {
  const url = (path: string) => new URL(path, baseUrl).toString();
  const checks: SmokeCheck[] = [];
  const check = async (name: string, run: () => Promise<string>) => {
    try {
      checks.push({ name, ok: true, detail: await run() });
    } catch (error) {
      checks.push({ name, ok: false, detail: (error as Error).message });
    }
  };
  const expectStatus = async (path: string, init?: Parameters<Fetch>[1]) => {
    const response = await fetchImpl(url(path), init);
    if (response.status !== 200)
      throw new Error(`${init?.method ?? 'GET'} ${path} answered ${response.status}`);
    return response.json();
  };

  await check('GET /health', async () => {
    const body = await expectStatus('/health');
    if (JSON.stringify(body) !== '{"status":"ok"}')
      throw new Error(`GET /health body ${JSON.stringify(body)}`);
    return 'ok';
  });
  await check('GET /health/ready', async () => (await expectStatus('/health/ready'), 'ready'));
  if (credentials === undefined) {
    checks.push({ name: 'signed-in read', ok: false, detail: 'SMOKE_EMAIL and SMOKE_PASSWORD are not set' });
    return checks;
  }
  await check('signed-in read', async () => {
    const login = (await expectStatus('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    })) as { accessToken?: unknown };
    if (typeof login.accessToken !== 'string') throw new Error('login answered without an accessToken');
    const headers = { authorization: `Bearer ${login.accessToken}` };
    await expectStatus('/api/auth/me', { headers });
    const list = (await expectStatus('/api/practitioners?limit=1', { headers })) as { items?: unknown };
    if (!Array.isArray(list.items)) throw new Error('GET /api/practitioners answered without items');
    return 'signed in; read /api/auth/me and /api/practitioners';
  });
  return checks;
}
