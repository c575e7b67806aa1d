// /v1/claims (to be written).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const claimRoutes: FastifyPluginAsyncTypebox = async () => {};

export default claimRoutes;
