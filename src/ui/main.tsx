// First: Fast Refresh's preamble as a module (dev only; empty in builds), since the CSP forbids inline scripts.
import '@vitejs/plugin-react/preamble';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { installTestApi } from './testApi.ts';
import './styles.css';

// Loads are explicit user actions: never retried or refetched behind the user's back.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity },
    mutations: { retry: false },
  },
});

installTestApi();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
