// Ports shared by the stacks that open them and the stacks that use them.
/** The API container (the app's PORT). */
export const APP_PORT = 3000;
/** Aurora PostgreSQL, moved off 5432 so scans for the default port find nothing. */
export const DB_PORT = 5433;
/** ElastiCache, moved off 6379 for the same reason. */
export const CACHE_PORT = 6380;
