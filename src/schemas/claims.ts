// Claim schemas (to be written).
import type { TSchema } from '@sinclair/typebox';

export const claimSchemas: TSchema[] = [];
