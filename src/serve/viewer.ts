/**
 * Who is asking. Until authentication lands (JWT, issue 8) every request gets the development
 * viewer, which holds every role; the scope checks on each field already run against it.
 */
// `minors`: may read the personal details of minors (store/read/facts.ts); admin implies it.
export const ROLES = ['analyst', 'investigator', 'loader', 'admin', 'minors'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  id: string;
  roles: readonly Role[];
  /** ISO 3166-1 alpha-2 jurisdictions whose extracts the viewer may see; '*' means all. */
  jurisdictions: readonly string[];
}

export const DEVELOPMENT_VIEWER: Viewer = {
  id: 'dev',
  roles: ROLES,
  jurisdictions: ['*'],
};

export function hasRole(viewer: Viewer, role: Role): boolean {
  return viewer.roles.includes(role) || viewer.roles.includes('admin');
}
