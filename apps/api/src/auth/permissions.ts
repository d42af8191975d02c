/** The permission matrix lives in packages/contracts, shared with the web app's `can()`. */
export { grantOf, PERMISSIONS, type Grant, type Permission } from '@medicare/contracts';
