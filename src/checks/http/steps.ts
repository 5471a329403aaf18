import type { StepObservation } from '../../assertions/api.ts';
import type { ApiStep } from '../../domain/api-step.ts';
import type { CheckContext } from '../types.ts';
import type { ConnectTls } from './connect.ts';
import { fetchFollowing, type FollowedResponse } from './follow.ts';
import { bodyText, type HttpRequest } from './request.ts';
import { basicAuth } from './auth.ts';

/** Decoded body bytes of a step read for assertions and variables; reading stops there. */
export const STEP_BODY_LIMIT = 4 * 1024 * 1024;

/** `{{name}}` (AlertSite's syntax), inserted as is; unknown names stay as written. */
export function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (m, name: string) => vars.get(name) ?? m);
}

/** A body that parses as JSON is sent as JSON, anything else as a form (AlertSite's two kinds of POST). */
function contentType(body: string): string {
  try {
    JSON.parse(body);
    return 'application/json';
  } catch {
    return 'application/x-www-form-urlencoded';
  }
}

/** The step's request with variables substituted (url, body, user name). */
export function stepRequest(step: ApiStep, vars: ReadonlyMap<string, string>): HttpRequest {
  const req: HttpRequest = {
    url: new URL(substitute(step.url, vars)),
    method: step.http_method,
    headers: {},
  };
  if (step.post !== null && step.post !== '' && step.http_method !== 'GET' && step.http_method !== 'HEAD') {
    req.body = substitute(step.post, vars);
    req.headers['content-type'] = contentType(req.body);
  }
  return req;
}

/**
 * Sends the step. With a user name and preemptive authentication the credentials go with the
 * first request; without, only in answer to a 401 Basic challenge (one retry, time added up).
 */
export async function sendStep(
  step: ApiStep,
  vars: ReadonlyMap<string, string>,
  ctx: CheckContext,
  tls: ConnectTls,
): Promise<FollowedResponse> {
  const req = stepRequest(step, vars);
  const opts = { tls, signal: ctx.signal, bodyLimit: STEP_BODY_LIMIT };
  const user = substitute(step.head.http_basic_auth_username, vars);
  const sealed = step.head.http_basic_auth_password;
  const auth = user ? basicAuth(user, sealed ? ctx.secrets.open(sealed) : '') : undefined;
  if (auth && step.head.preemptive_authentication) req.headers.authorization = auth;
  const first = await fetchFollowing(req, ctx, opts);
  const challenge = String(first.headers['www-authenticate'] ?? '');
  if (!auth || req.headers.authorization || first.status !== 401 || !/^\s*basic\b/i.test(challenge))
    return first;
  const second = await fetchFollowing(
    { ...req, headers: { ...req.headers, authorization: auth } },
    ctx,
    opts,
  );
  return { ...second, totalMs: first.totalMs + second.totalMs };
}

/** What the assertions read from a response: the body decoded as text, the time in seconds. */
export function stepObservation(res: FollowedResponse): StepObservation {
  return {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
    body: bodyText(res),
    seconds: res.totalMs / 1000,
  };
}
