import { z } from 'zod';
import { Role, User } from './users';

export const AuthStatusResponse = z.object({ setupRequired: z.boolean() });

/** A new session: the user, and the CSRF token that writes must echo (the session itself is an httpOnly cookie). */
export const SessionResponse = z.object({ user: User, csrf: z.string() });

/** Who the caller is. `user` and `csrf` are set only for a session; token callers have neither. */
export const MeResponse = z.object({
  role: Role,
  actor: z.string(),
  via: z.enum(['session', 'token', 'bootstrap']),
  user: User.nullable(),
  csrf: z.string().nullable(),
  csrfHeader: z.string(),
});
