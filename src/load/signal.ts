/**
 * A wake-up between an event source and one waiting reader: `wait()` resolves at the next
 * `notify()`; a notify with nobody waiting is dropped (the reader re-checks its state in a loop).
 */
export interface Signal {
  wait(): Promise<void>;
  notify(): void;
}

export function createSignal(): Signal {
  let wake: (() => void) | null = null;
  return {
    wait: () => new Promise<void>((resolve) => (wake = resolve)),
    notify: () => {
      const w = wake;
      wake = null;
      w?.();
    },
  };
}
