import { api } from './api.ts';

// Forms are drawn from the server's own OpenAPI document: the request body schema of a route
// gives the fields, their types, limits and descriptions, so the dashboard offers exactly what the
// API accepts for every monitor type without a copy of the rules here.

/** The subset of JSON Schema the forms read. */
export interface JsonSchema {
  type?: string;
  enum?: (string | number)[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  description?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  nullable?: boolean;
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
}

let doc: Promise<OpenApi> | null = null;

/** The request body schema of `method path` ("/api/v3/monitors/website"), or null when none. */
export async function bodySchema(method: string, path: string): Promise<JsonSchema | null> {
  doc ??= api<OpenApi>('GET', '/api/v3/openapi.json').catch((e) => {
    doc = null;
    throw e;
  });
  const op = (await doc).paths[path]?.[method.toLowerCase()];
  return op?.requestBody?.content['application/json']?.schema ?? null;
}
