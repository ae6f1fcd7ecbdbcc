import type { Api, ApiFailure } from '../../main/api/contract';

/** The contract as preload (Electron) or the test bridge (browser) installed it. */
export const api: Api = (window as unknown as { billrecon: Api }).billrecon;

export function failureText(err: unknown): string {
  const f = (err as { failure?: ApiFailure } | null)?.failure;
  if (f) return f.message;
  return err instanceof Error ? err.message : String(err);
}

let counter = 0;
export function newOpId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}
