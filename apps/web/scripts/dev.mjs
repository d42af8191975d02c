// `npm run dev` at the root: the API with reload (tsx watch, port 3000) and the web app on Vite's dev
// server (http://localhost:5173, proxying /api, /health and /.well-known to the API). Ctrl-C stops
// both; if one stops, so does the other.
import { spawn } from 'node:child_process';

const root = new URL('../../../', import.meta.url);
const children = ['apps/api', 'apps/web'].map((workspace) =>
  spawn('npm', ['run', 'dev', '-w', workspace], { cwd: root, stdio: 'inherit' }),
);
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
