import { useEffect, useState } from 'react';
import type { ResourceBodies, ResourcePath } from '../../backend/src/datasource/resourcePaths.ts';

/** What the editor can ask the datasource for; DataSourceWithBackend.getResource fits. */
export interface ResourceSource {
  getResource(path: string): Promise<unknown>;
}

export type ResourceState<P extends ResourcePath> =
  { status: 'loading' } | { status: 'ok'; value: ResourceBodies[P] } | { status: 'error'; message: string };

/** The backend's `{ error }` body (as a FetchError's `data`), else the thrown message. */
export function resourceErrorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const data = (error as { data?: unknown }).data;
    if (typeof data === 'object' && data !== null) {
      const body = data as { error?: unknown; message?: unknown };
      if (typeof body.error === 'string') return body.error;
      if (typeof body.message === 'string') return body.message;
    }
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') return `request failed with HTTP ${status}`;
  }
  return String(error);
}

/** One backend resource (RESOURCE_PATHS), fetched once per datasource and path. */
export function useResource<P extends ResourcePath>(source: ResourceSource, path: P): ResourceState<P> {
  const [state, setState] = useState<ResourceState<P>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    source.getResource(path).then(
      (value) => live && setState({ status: 'ok', value: value as ResourceBodies[P] }),
      (error: unknown) => live && setState({ status: 'error', message: resourceErrorMessage(error) })
    );
    return () => {
      live = false;
    };
  }, [source, path]);
  return state;
}
