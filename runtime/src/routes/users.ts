import type { Router } from 'express';
import { createRoutes } from '../http/routes';
import { z } from 'zod';
import { HttpError, notFound, parseInput } from '../http/errors';
import { newToken, principalOf, tokenDigest } from '../http/auth';
import { hashPassword } from '../auth/passwords';
import type { AppContext } from '../context';
import {
  AuditResponse,
  CreatedTokenResponse,
  CreateTokenRequest,
  CreateUserRequest,
  TokensResponse,
  UpdateUserRequest,
  UserResponse,
  UsersResponse,
} from '@parley/shared';

const Id = z.object({ id: z.coerce.number().int().positive() });

/** Admin-only: people, API tokens and the audit log. Every change here is audited. */
export function userRoutes(ctx: AppContext): Router {
  const { store, clock } = ctx;
  const r = createRoutes(ctx);
  const now = () => clock().toISOString();

  r.get('/api/users', { access: 'admin', response: { 200: UsersResponse } }, async (_req, res) => {
    res.json({ users: await store.users.list() });
  });

  r.post('/api/users', { access: 'admin', request: { body: CreateUserRequest }, response: { 201: UserResponse } }, async (req, res) => {
    const body = parseInput(CreateUserRequest, req.body);
    if (await store.users.byEmail(body.email)) throw new HttpError(409, 'user_exists', 'A user with this email already exists');
    const user = await store.users.create(body.email, body.name, body.role, await hashPassword(body.password), now());
    await ctx.audit(principalOf(res)!.actor, 'user.created', { userId: user.id, email: user.email, role: user.role });
    res.status(201).json({ user });
  });

  r.patch('/api/users/:id', { access: 'admin', request: { body: UpdateUserRequest }, response: { 200: UserResponse } }, async (req, res) => {
    const { id } = parseInput(Id, req.params, 'path');
    const body = parseInput(UpdateUserRequest, req.body);
    const user = await store.users.byId(id);
    if (!user) throw notFound('User');
    const next = {
      ...user,
      ...(body.name ? { name: body.name } : {}),
      ...(body.role ? { role: body.role } : {}),
      ...(body.skills ? { skills: body.skills } : {}),
      ...(body.disabled === undefined ? {} : { disabledAt: body.disabled ? now() : null }),
    };
    const losesAdmin = user.role === 'admin' && user.disabledAt === null && (next.role !== 'admin' || next.disabledAt !== null);
    if (losesAdmin && await store.users.activeAdmins() <= 1) throw new HttpError(409, 'last_admin', 'This is the last admin who can sign in; make someone else an admin first');
    await store.users.update(next);
    if (body.password) await store.users.setPassword(id, await hashPassword(body.password));
    const { password: _, ...changes } = body;
    await ctx.audit(principalOf(res)!.actor, 'user.updated', { userId: id, email: user.email, ...changes, ...(body.password ? { password: 'reset' } : {}) });
    res.json({ user: await store.users.byId(id) });
  });

  r.delete('/api/users/:id', { access: 'admin', response: { 204: null } }, async (req, res) => {
    const { id } = parseInput(Id, req.params, 'path');
    if (principalOf(res)!.userId === id) throw new HttpError(409, 'self_delete', 'You cannot delete yourself');
    const user = await store.users.byId(id);
    if (!user) throw notFound('User');
    if (user.role === 'admin' && user.disabledAt === null && await store.users.activeAdmins() <= 1) throw new HttpError(409, 'last_admin', 'This is the last admin who can sign in');
    await store.users.delete(id);
    await ctx.audit(principalOf(res)!.actor, 'user.deleted', { userId: id, email: user.email, role: user.role });
    res.status(204).end();
  });

  r.get('/api/tokens', { access: 'admin', response: { 200: TokensResponse } }, async (_req, res) => {
    res.json({ tokens: await store.users.tokens() });
  });

  r.post('/api/tokens', { access: 'admin', request: { body: CreateTokenRequest }, response: { 201: CreatedTokenResponse } }, async (req, res) => {
    const body = parseInput(CreateTokenRequest, req.body);
    const token = `pt_${newToken(24)}`;
    const created = await store.users.createToken(body.name, body.role, tokenDigest(token), principalOf(res)!.userId, now());
    await ctx.audit(principalOf(res)!.actor, 'token.created', { tokenId: created.id, name: created.name, role: created.role });
    // The only time the token is shown: only its hash is kept.
    res.status(201).json({ token: created, secret: token });
  });

  r.delete('/api/tokens/:id', { access: 'admin', response: { 204: null } }, async (req, res) => {
    const { id } = parseInput(Id, req.params, 'path');
    if (!await store.users.revokeToken(id, now())) throw notFound('Active token');
    await ctx.audit(principalOf(res)!.actor, 'token.revoked', { tokenId: id });
    res.status(204).end();
  });

  r.get('/api/audit', { access: 'admin', response: { 200: AuditResponse } }, async (_req, res) => {
    res.json({ entries: await store.audit.list() });
  });

  return r.router;
}
