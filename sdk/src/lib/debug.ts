/** The one place dropped events and failed sends are explained (only with `data-debug`). */
export function createLog(enabled: boolean | undefined): (...args: unknown[]) => void {
  return (...args) => {
    if (enabled) console.warn('[hoptrail]', ...args);
  };
}
