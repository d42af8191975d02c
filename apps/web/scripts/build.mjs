// Placeholder build: copies the static page to dist/ until the React app lands (issue 4).
import { cpSync, mkdirSync } from 'node:fs';

const root = new URL('..', import.meta.url);
mkdirSync(new URL('dist', root), { recursive: true });
cpSync(new URL('src/index.html', root), new URL('dist/index.html', root));
console.log('web: dist/index.html');
