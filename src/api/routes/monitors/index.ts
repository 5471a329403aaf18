import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { ApiError } from '../../../domain/errors.ts';
import { MonitorView } from '../../../monitors/common.ts';
import type { MonitorBody } from '../../../monitors/draft.ts';
import { createBody, MONITOR_TYPES, patchBody, TYPE_NAMES } from '../../../monitors/registry.ts';
import { CONVERTIBLE_TYPES, monitorService, type MonitorService } from '../../../monitors/service.ts';
import { createRoute, deleteRoute, getRoute, listRoute, updateRoute } from '../../resource.ts';
import type { App } from '../../types.ts';
import { ResponseCache } from '../../response-cache.ts';

const tag = 'monitors';

const ShowScripts = Type.Optional(
  Type.Boolean({ description: 'Include `script` (DéjàClick/SoapUI XML, Selenium base64 JAR).' }),
);

/** Create and edit routes for every type of the registry: nothing here names a type. */
function registerTypeRoutes(app: App, monitors: MonitorService): void {
  for (const spec of MONITOR_TYPES.values()) {
    const { type } = spec;
    if (spec.creatable || type === 'selenium') {
      createRoute(app, {
        tag,
        path: `/monitors/${type}`,
        summary: spec.creatable
          ? `Create a ${spec.title}`
          : `${spec.title}s cannot be created through v3 (always 400)`,
        body: spec.creatable ? createBody(spec) : Type.Object({}),
        create: (p, body) => monitors.create(p, type, body as MonitorBody),
      });
    }
    if (spec.editable) {
      updateRoute(app, {
        tag,
        path: `/monitors/${type}/:id`,
        idKind: 'int',
        postAlias: true,
        summary: `Edit a ${spec.title} (partial; POST is an alias)`,
        description: 'A monitor of another type answers 404, as the path names no such record.',
        body: patchBody(spec),
        update: (p, id, body) => monitors.update(p, type, id, body as MonitorBody),
      });
    }
  }
  for (const type of CONVERTIBLE_TYPES) {
    updateRoute(app, {
      tag,
      path: `/monitors/${type}/:id/convert-api`,
      idKind: 'int',
      postAlias: true,
      summary: 'Convert an API endpoint monitor to a SoapUI monitor (one-way; PATCH or POST; no body)',
      update: (p, id) => monitors.convertToSoapui(p, type, id),
    });
  }
}

/**
 * `POST /monitors/<type>` and `PATCH|POST /monitors/<type>/{id}` for a type that does not exist
 * answer 404 naming the types (docs/compatibility.md §16): without these routes the router would
 * find `/monitors/{id}` and answer 405, which tells a client nothing about its typo.
 */
function registerUnknownTypeRoutes(app: App): void {
  const refuse = async (req: { params: unknown }) => {
    const { type } = req.params as { type: string };
    throw new ApiError(
      404,
      `Not found - "${type}" is not a monitor type; the types are: ${TYPE_NAMES.join(', ')}`,
    );
  };
  app.route({ method: 'POST', url: '/monitors/:type', schema: { hide: true }, handler: refuse });
  app.route({
    method: ['PATCH', 'POST'],
    url: '/monitors/:type/:id',
    schema: { hide: true },
    handler: refuse,
  });
}

/** /monitors: every AlertSite monitor type. */
export function registerMonitors(app: App, deps: Deps): void {
  const monitors = monitorService(deps);
  app.addSchema(MonitorView);
  const item = Type.Ref('Monitor');

  // Lists are kept serialized until the account's monitors change (migration 0012's triggers).
  const cache = new ResponseCache(deps.settings.listCacheMb * 1024 * 1024);
  listRoute(app, {
    tag,
    path: '/monitors',
    cached: { cache, version: monitors.viewVersion },
    summary: 'List monitors',
    item,
    filters: {
      type: Type.Optional(Type.String({ description: `Comma list of: ${TYPE_NAMES.join(', ')}.` })),
      show_scripts: ShowScripts,
      show_script_children: Type.Optional(Type.Boolean({ description: 'Accepted; no effect.' })),
    },
    list: monitors.list,
  });
  getRoute(app, {
    tag,
    path: '/monitors/:id',
    idKind: 'int',
    summary: 'Get one monitor',
    description: 'download_script=true answers the script as application/zip (404 when it has none).',
    item,
    query: {
      show_scripts: ShowScripts,
      show_script_children: Type.Optional(Type.Boolean({ description: 'Accepted; no effect.' })),
      download_script: Type.Optional(Type.Boolean()),
    },
    get: monitors.get,
  });
  deleteRoute(app, {
    tag,
    path: '/monitors/:id',
    idKind: 'int',
    summary: 'Delete a monitor and its monitor blackouts',
    remove: monitors.remove,
  });
  updateRoute(app, {
    tag,
    path: '/monitors/:id/clone',
    idKind: 'int',
    methods: ['POST'],
    summary: 'Copy a monitor under a new name (locations and custom properties; not blackouts or SLA)',
    body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }) }),
    update: (p, id, body) => monitors.clone(p, id, body.name),
  });
  registerTypeRoutes(app, monitors);
  registerUnknownTypeRoutes(app);
}
