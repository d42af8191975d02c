import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { createHttpApiClient } from './api/http-client';
import { App } from './app/App';
import { routes } from './app/routes';
import './styles.css';

const router = createBrowserRouter(routes);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={createHttpApiClient()} router={router} />
  </StrictMode>,
);
