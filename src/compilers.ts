// Schema compilers made lazy: validators and serializers are compiled when a request first needs them, not at start-up.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { ValidateFunction } from 'ajv';

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type Serializer = (doc: unknown) => string;

/**
 * Fastify's own serializer factory, made lazy and shared. Fastify compiles a serializer for every status code and
 * media type of every route while it starts (762 of them here, for 46 distinct schemas), and fast-json-stringify
 * checks every shared schema again for each one: more than a second of start-up. Here a schema is compiled when a
 * response first needs it, once for all the routes that use the same schema. A broken response schema therefore
 * fails its first response rather than the start-up; the route tests send every response shape.
 */
export function lazySerializers(): SerializerFactory {
  const select = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = select(externalSchemas, options);
    const shared = new Map<string, Serializer>();
    return (route) => {
      const key = JSON.stringify(route.schema);
      let serializer = shared.get(key);
      if (serializer === undefined) {
        let compiled: Serializer | undefined;
        serializer = (doc) => (compiled ??= compile(route))(doc);
        shared.set(key, serializer);
      }
      return serializer;
    };
  };
}

/**
 * A validator compiled on its first call (Ajv's compile of every route's schemas took a third of the start-up).
 * Fastify reads `errors` from the function it was given, so they are copied over after each call.
 */
export function lazyValidator(compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= compile();
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  return validate;
}
