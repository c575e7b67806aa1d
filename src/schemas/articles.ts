// Article schemas (to be written).
import type { TSchema } from '@sinclair/typebox';

export const articleSchemas: TSchema[] = [];
