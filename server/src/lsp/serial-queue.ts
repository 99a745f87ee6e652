/**
 * Work for the lint backend, one job at a time in the order asked: results land in order, and a
 * failed job does not stop the ones after it (its caller gets the error).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
