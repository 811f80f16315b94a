/** The console's only way to the Koban API: same-origin, session cookie, CSRF header, problem+json. */

export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; reason: string }[];
}

/** An API answer that is not 2xx, or no answer at all (status 0: network). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
}

export type Query = Record<string, string | number | undefined>;

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  del(path: string): Promise<void>;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return {
      status: response.status,
      code: typeof body.code === 'string' ? body.code : 'http_error',
      detail: typeof body.detail === 'string' ? body.detail : response.statusText,
      ...(Array.isArray(body.errors) ? { errors: body.errors } : {}),
    };
  } catch {
    return { status: response.status, code: 'http_error', detail: response.statusText };
  }
}

/**
 * `onUnauthorized` runs on every 401 so the shell can drop back to the login page and say why
 * (session expired, key revoked), whichever page made the call.
 */
export function createApiClient(onUnauthorized: (problem: Problem) => void, base = ''): ApiClient {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          'x-koban-csrf': '1',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError({ status: 0, code: 'network', detail: String(error) });
    }
    if (!response.ok) {
      const problem = await problemOf(response);
      if (response.status === 401 && path !== '/v1/sessions') onUnauthorized(problem);
      throw new ApiError(problem);
    }
    return response;
  };
  return {
    async get<T>(path: string, query?: Query) {
      return (await (await call('GET', withQuery(path, query))).json()) as T;
    },
    async post<T>(path: string, body: unknown) {
      return (await (await call('POST', path, body)).json()) as T;
    },
    async put<T>(path: string, body: unknown) {
      return (await (await call('PUT', path, body)).json()) as T;
    },
    async patch<T>(path: string, body: unknown) {
      return (await (await call('PATCH', path, body)).json()) as T;
    },
    async del(path: string) {
      await call('DELETE', path);
    },
  };
}
