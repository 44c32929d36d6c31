import type { ApiResult, CommandInput, CommandName, CommandOutput } from '../../core';
import type { Dispatch } from './dispatch';

/**
 * Typed calls through a dispatcher, as the renderer makes them: for tests and tools that drive the
 * real handlers. `ok` throws on a failed result, naming the command.
 */
export function typedClient(dispatch: () => Dispatch) {
  const send = async <C extends CommandName>(command: C, input: CommandInput<C>) => (await dispatch()({ command, input })) as ApiResult<CommandOutput<C>>;
  const ok = async <C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> => {
    const r = await send(command, input);
    if (!r.ok) throw new Error(`${command}: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  return { send, ok };
}
