/** API roles: admin passes every check; agent tokens are bound to one fabric and one switch. */
export type Role = 'admin' | 'ci' | 'viewer' | 'agent';

/**
 * Who made the request, as established by `requireRole`.
 *
 * @example
 * const p = c.get('principal'); if (p.role === 'agent') console.log(p.fabric, p.switch);
 */
export type Principal =
  | { role: 'admin' | 'ci' | 'viewer'; tokenId: string }
  | { role: 'agent'; tokenId: string; fabric: string; switch: string };
