import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { routeSchemas } from '../contract/route-schemas.js';
import { routes, type RouteAuth, type RouteName, type Routes, type ResponseOf } from '../contract/routes.js';
import { validate, validatedInput } from './validate.js';

type SchemasOf<N extends RouteName> = (typeof routeSchemas)[N];

/** A route's input after its schemas: params, query and body as the handler may trust them. */
export type RouteInput<N extends RouteName> = {
  [K in keyof SchemasOf<N>]: SchemasOf<N>[K] extends z.ZodType ? z.output<SchemasOf<N>[K]> : never;
};

/** A JSON route returns its response and the table sends it; an event stream or a file answers on `res` itself. */
type Result<N extends RouteName> = Routes[N]['reply'] extends 'json' ? ResponseOf<N> : void;

export type RouteHandler<N extends RouteName> = (input: RouteInput<N>, req: Request, res: Response) => Promise<Result<N>> | Result<N>;

export interface MountOptions {
  /** After the caller is checked, before the body is read: limits that must cost a flood no parsing. */
  before?: RequestHandler[];
  /** After the input is checked: limits keyed by a checked value (a call id). */
  after?: RequestHandler[];
  /** The largest JSON body the route reads; 8 kB unless said. */
  bodyLimit?: string;
  /** JSON sent as `text/plain` too: what `navigator.sendBeacon` sends without a preflight. */
  jsonAsText?: boolean;
}

/** What checks each kind of caller: before the input is read, and (for a call key, which names its call) after. */
export type AuthGuards = Record<RouteAuth, { before: RequestHandler[]; after: RequestHandler[] }>;

/**
 * Mounts routes from the contract's table: the caller check its `auth` names, the body parser,
 * the schemas, and the reply its `reply` and `status` name. A route no router mounts is found by
 * `unmounted()` (the app's tests ask), so the table and the server cannot drift apart.
 */
export class RouteMounter {
  private readonly mounted = new Set<RouteName>();

  constructor(private readonly guards: AuthGuards) {}

  mount<N extends RouteName>(router: Router, name: N, handle: RouteHandler<N>, o: MountOptions = {}): void {
    const route = routes[name];
    const schemas = routeSchemas[name] as { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
    const guard = this.guards[route.auth];
    const handlers: RequestHandler[] = [
      ...guard.before,
      ...(o.before ?? []),
      ...(schemas.body ? [express.json({ limit: o.bodyLimit ?? '8kb', type: o.jsonAsText ? ['application/json', 'text/plain'] : 'application/json' })] : []),
      validate(schemas),
      ...guard.after,
      ...(o.after ?? []),
      async (req, res) => {
        const input = validatedInput(req) as RouteInput<N>;
        const result = await handle(input, req, res);
        if (route.reply === 'json') res.status(route.status).json(result);
        else if (route.reply === 'none') res.status(204).end();
      },
    ];
    // A shop's page asks before a cross-origin POST; its origin is checked the same way.
    if (route.auth === 'shop' || route.auth === 'call-key') router.options(route.path, ...guard.before);
    router[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](route.path, ...handlers);
    this.mounted.add(name);
  }

  /** Routes of the table that no router has mounted. */
  unmounted(): RouteName[] {
    return (Object.keys(routes) as RouteName[]).filter((name) => !this.mounted.has(name));
  }
}
