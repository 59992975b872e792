import { useMutation } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { LoadFailure, loadSources } from '../../workers/loadClient.ts';
import { startingProgress, type LoadedData, type LoadProgress, type LoadSource } from '../../workers/protocol.ts';
import { recordLoad, takeLoadTestHook } from '../testApi.ts';
import type { DataOrigin } from './appState.ts';
import type { AgentSettingValues } from '../../core/model/cluster.ts';
import type { Diagnostic } from '../../core/model/diagnostic.ts';

/** One input set to load; it replaces what is shown when it succeeds. */
export interface LoadJob {
  readonly sources: readonly LoadSource[];
  readonly origin: DataOrigin;
  readonly label: string;
  /** Agent settings set by the user over the cluster's own. */
  readonly agentSettings?: AgentSettingValues;
  /** What choosing the files said (an opened folder's skipped files). */
  readonly notes?: readonly Diagnostic[];
}

interface RunningJob extends LoadJob {
  readonly id: number;
  readonly controller: AbortController;
}

export interface Loader {
  readonly load: (job: LoadJob) => void;
  readonly cancel: () => void;
  readonly dismiss: () => void;
  readonly pending: boolean;
  readonly progress: LoadProgress | null;
  /** Label of the input set being loaded. */
  readonly pendingLabel: string | null;
  readonly failure: LoadFailure | null;
}

/**
 * Loading goes through one TanStack mutation so pending/error states are uniform. A new load
 * cancels the running one (its worker is terminated); only the latest load's result is applied.
 */
export function useLoader(onLoaded: (data: LoadedData, job: LoadJob) => void): Loader {
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  const current = useRef<RunningJob | null>(null);
  const nextId = useRef(1);

  const mutation = useMutation<LoadedData, LoadFailure, RunningJob>({
    mutationKey: ['load'],
    mutationFn: (job) => {
      const hook = takeLoadTestHook();
      const record = recordLoad();
      return loadSources(job.sources, { ...(hook ? { testHook: hook } : {}), ...(job.agentSettings ? { agentSettings: job.agentSettings } : {}), ...(job.notes ? { notes: job.notes } : {}) }, {
        signal: job.controller.signal,
        onRoute: record.route,
        onProgress: (p) => {
          record.progress();
          if (current.current?.id === job.id) setProgress(p);
        },
      }).then(
        (data) => {
          record.settled('data');
          return data;
        },
        (err: unknown) => {
          record.settled('failed');
          throw err;
        },
      );
    },
    onSuccess: (data, job) => {
      if (current.current?.id === job.id) onLoaded(data, job);
    },
    onSettled: (_data, _error, job) => {
      if (current.current?.id === job.id) setProgress(null);
    },
  });
  const { mutate, reset } = mutation;

  const load = useCallback(
    (job: LoadJob) => {
      current.current?.controller.abort();
      const running: RunningJob = { ...job, id: nextId.current++, controller: new AbortController() };
      current.current = running;
      setProgress(startingProgress);
      mutate(running);
    },
    [mutate],
  );
  const cancel = useCallback(() => current.current?.controller.abort(), []);

  return {
    load,
    cancel,
    dismiss: reset,
    pending: mutation.isPending,
    progress: mutation.isPending ? progress : null,
    pendingLabel: mutation.isPending ? (mutation.variables?.label ?? null) : null,
    failure: mutation.error instanceof LoadFailure ? mutation.error : mutation.error ? new LoadFailure('failed', String(mutation.error)) : null,
  };
}
