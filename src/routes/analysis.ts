// (to be written)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const analysisRoutes: FastifyPluginAsyncTypebox = async () => {};

export default analysisRoutes;
