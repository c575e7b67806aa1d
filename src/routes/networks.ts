// (to be written)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const networksRoutes: FastifyPluginAsyncTypebox = async () => {};

export default networksRoutes;
