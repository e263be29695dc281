import { z } from 'zod';

export const Role = z.enum(['admin', 'agent']);
export type Role = z.infer<typeof Role>;

export const Credentials = z.object({ email: z.email('Enter an email address').max(320), password: z.string().min(1, 'Enter the password').max(200) });

export const NewAccount = z.object({
  email: z.email('Enter an email address').max(320),
  name: z.string().trim().min(1, 'Enter a name').max(120),
  password: z.string().min(10, 'Use at least 10 characters').max(200),
});

/** The setup code is printed at start; the bootstrap admin token serves as well, in the same field or as a bearer token. */
export const SetupRequest = NewAccount.extend({ setupCode: z.string().trim().min(1).max(200).optional() });

export const CreateUserRequest = NewAccount.extend({ role: Role });

export const UpdateUserRequest = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  role: Role.optional(),
  skills: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(10, 'Use at least 10 characters').max(200).optional(),
});

export const CreateTokenRequest = z.object({ name: z.string().trim().min(1, 'Name the token').max(80), role: Role });

export const User = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: Role,
  skills: z.array(z.string()),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type User = z.infer<typeof User>;

/** An issued API token as listed: never its secret, which is shown once, when it is created. */
export const ApiToken = z.object({ id: z.number().int(), name: z.string(), role: Role, createdAt: z.string(), revokedAt: z.string().nullable() });
export type ApiToken = z.infer<typeof ApiToken>;

export const AuditEntry = z.object({ id: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), detail: z.record(z.string(), z.unknown()) });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const UsersResponse = z.object({ users: z.array(User) });
export const UserResponse = z.object({ user: User });
export const TokensResponse = z.object({ tokens: z.array(ApiToken) });
export const CreatedTokenResponse = z.object({ token: ApiToken, secret: z.string() });
export const AuditResponse = z.object({ entries: z.array(AuditEntry) });
