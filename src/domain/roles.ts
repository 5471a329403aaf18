/** API role strings (docs/compatibility.md §3). */
export const ROLES = ['ADMIN', 'CO-ADMIN', 'POWER-USER', 'READONLY', 'REPORTONLY'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may write monitors, blackouts, recipients, groups, SLAs, properties. */
const WRITERS: ReadonlySet<Role> = new Set(['ADMIN', 'CO-ADMIN', 'POWER-USER']);
/** Roles that may manage users. */
const USER_MANAGERS: ReadonlySet<Role> = new Set(['ADMIN', 'CO-ADMIN']);

export const canWrite = (role: Role) => WRITERS.has(role);
export const canManageUsers = (role: Role) => USER_MANAGERS.has(role);

/** `metadata.__permissions.acl`: read=1, write=2, delete=4. */
export const aclFor = (role: Role) => (canWrite(role) ? 7 : 1);

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
