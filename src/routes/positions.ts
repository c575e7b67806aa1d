// /v1/positions (to be written).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const positionRoutes: FastifyPluginAsyncTypebox = async () => {};

export default positionRoutes;
