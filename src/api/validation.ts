import type { FastifySchemaCompiler } from 'fastify';
import { boundNumbers, makeAjv } from '../domain/validate.ts';
export { UNSAFE_NUMBER, unsafeNumberPath } from '../domain/validate.ts';

/**
 * Fastify's validator builder (schemaController.compilersFactory.buildValidator): one Ajv for
 * bodies, another for query strings and paths, both knowing the shared schemas. A builder, not
 * setValidatorCompiler, because Fastify rebuilds compilers in every context that adds schemas.
 */
export function buildValidator(
  externalSchemas: Record<string, unknown> = {},
): FastifySchemaCompiler<unknown> {
  const body = makeAjv('body');
  const other = makeAjv('other');
  for (const schema of Object.values(externalSchemas)) {
    const bounded = boundNumbers(schema);
    body.addSchema(bounded as object);
    other.addSchema(bounded as object);
  }
  return ({ schema, httpPart }) =>
    (httpPart === 'body' ? body : other).compile(boundNumbers(schema) as object) as ReturnType<
      FastifySchemaCompiler<unknown>
    >;
}
