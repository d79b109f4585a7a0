/**
 * One read-modify-write of stored state at a time. The worker serves the popup, several chart
 * tabs and alarms concurrently; without this two orders could both see the last free slot.
 */
export function createLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return function locked<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
