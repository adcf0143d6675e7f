/**
 * Sandbox time in Unix seconds. An offset lets the control API move time forward without
 * waiting (test clocks will build on this).
 */
export class Clock {
  offsetMs = 0;
  now(): number {
    return Math.floor((Date.now() + this.offsetMs) / 1000);
  }
}
