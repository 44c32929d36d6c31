import { useCallback, useEffect, useState } from 'react';
import type { ApiError, CommandInput, CommandName, CommandOutput } from '../../core/api/contract';
import { call } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; value: T };

/** Loads a query command and reloads it on demand. */
export function useCommand<C extends CommandName>(command: C, input: CommandInput<C>): [Loaded<CommandOutput<C>>, () => void] {
  const [result, setResult] = useState<Loaded<CommandOutput<C>>>({ state: 'loading' });
  const key = JSON.stringify(input);
  const load = useCallback(() => {
    let live = true;
    void call(command, JSON.parse(key) as CommandInput<C>).then((r) => {
      if (live) setResult(r.ok ? { state: 'ready', value: r.value } : { state: 'error', error: r.error });
    });
    return () => {
      live = false;
    };
  }, [command, key]);
  useEffect(load, [load]);
  return [result, load];
}
