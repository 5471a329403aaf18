import type { FastifySchemaCompiler } from 'fastify';
import { makeAjv } from '../domain/validate.ts';

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
    body.addSchema(schema as object);
    other.addSchema(schema as object);
  }
  return ({ schema, httpPart }) =>
    (httpPart === 'body' ? body : other).compile(schema as object) as ReturnType<
      FastifySchemaCompiler<unknown>
    >;
}
