import { z } from 'zod';

const TOKEN_ROLES = ['admin', 'ingest', 'viewer'] as const;
const USER_ROLES = ['admin', 'analyst', 'viewer'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
export type UserRole = (typeof USER_ROLES)[number];

export const createTokenInput = z.object({
  name: z.string().trim().min(1, 'is required').max(100).default('token'),
  role: z.enum(TOKEN_ROLES, { message: 'must be admin, ingest or viewer' }),
});

export const createUserInput = z.object({
  email: z.email({ message: 'must be an e-mail address' }).max(254),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  role: z.enum(USER_ROLES, { message: 'must be admin, analyst or viewer' }),
});

export const loginInput = z.object({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(200),
});
