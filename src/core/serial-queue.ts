// Runs async tasks one after another. A worker woken by several events at once must never
// interleave two read-modify-write cycles of the same stored state.

export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/** A queue: each task starts when the one before it settled, whether it resolved or failed. */
export function serialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
