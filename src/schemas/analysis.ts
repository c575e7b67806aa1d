// (to be written)
import type { TSchema } from '@sinclair/typebox';

export const analysisSchemas: TSchema[] = [];
