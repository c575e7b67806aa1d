// /v1/actors (to be written).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const actorRoutes: FastifyPluginAsyncTypebox = async () => {};

export default actorRoutes;
