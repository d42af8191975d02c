import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { closeClinics } from './clinic';

// The pages wait for a real API on a CPU other suites share: give findBy/waitFor room (no test
// measures speed; `npm run bench` does).
configure({ asyncUtilTimeout: 15_000 });

afterEach(async () => {
  cleanup();
  await closeClinics();
});
