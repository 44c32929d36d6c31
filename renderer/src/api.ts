import type { ApiResult, CommandInput, CommandName, CommandOutput, FieldworkBridge } from '../../core/api/contract';

declare global {
  interface Window {
    api?: FieldworkBridge;
  }
}

const DISCONNECTED = 'Fieldwork cannot reach its data store. Restart the app; nothing you saved is lost.';

/** Calls one command of the contract. Never throws: failures come back as `{ok:false}`. */
export async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<ApiResult<CommandOutput<C>>> {
  const bridge = window.api;
  if (!bridge) return { ok: false, error: { code: 'INTERNAL', message: DISCONNECTED } };
  try {
    return (await bridge.invoke(command, input)) as ApiResult<CommandOutput<C>>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: DISCONNECTED } };
  }
}
