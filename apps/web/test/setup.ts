import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { closeClinics } from './clinic';

afterEach(async () => {
  cleanup();
  await closeClinics();
});
