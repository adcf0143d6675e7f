/**
 * Sandbox time in Unix seconds. An offset lets the control API move time forward without
 * waiting; `at(t, fn)` runs work "at" a test clock's frozen time, so every object created
 * inside (invoices, charges, events) carries that time, as Stripe's test clocks do.
 */
export class Clock {
  offsetMs = 0;
  private frozen: number[] = [];

  now(): number {
    const top = this.frozen[this.frozen.length - 1];
    return top ?? Math.floor((Date.now() + this.offsetMs) / 1000);
  }

  at<T>(time: number | null | undefined, fn: () => T): T {
    if (time === null || time === undefined) return fn();
    this.frozen.push(time);
    try {
      return fn();
    } finally {
      this.frozen.pop();
    }
  }
}
