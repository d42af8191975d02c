/**
 * The one source of "now" for rules that depend on it (decision 083): session idle and absolute limits,
 * token expiry, sign-in throttling, "not in the future" checks, the risk score's age and staleness.
 * `buildApp({ clock })` injects it, so a test sets the time instead of sleeping. Timestamps a row records
 * come from the database's now(), so replicas with drifting clocks still order events truthfully.
 */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** The clock's calendar day in UTC, `YYYY-MM-DD`. */
export const todayOf = (clock: Clock) => clock().toISOString().slice(0, 10);
