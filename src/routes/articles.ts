// /v1/articles (to be written).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const articleRoutes: FastifyPluginAsyncTypebox = async () => {};

export default articleRoutes;
