// Actor schemas (to be written).
import type { TSchema } from '@sinclair/typebox';

export const actorSchemas: TSchema[] = [];
