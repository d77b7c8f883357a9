/** Runs `run` once the current work is done: Node and Bun as soon as the event loop is free (an immediate), elsewhere on the next timer turn. */
export const afterCurrentWork: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => void setImmediate(run) : (run) => void setTimeout(run, 0);
