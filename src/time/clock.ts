// The one source of "now" for services, so tests can set time by hand instead of waiting.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
