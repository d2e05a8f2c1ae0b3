import { renderHook, waitFor } from '@testing-library/react';
import { resourceErrorMessage, useResource, type ResourceSource } from '../../src/hooks/useResource.ts';

/** A datasource whose resource calls the test settles by hand. */
function deferredSource() {
  const calls: Array<{ path: string; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  const source: ResourceSource = {
    getResource: (path) => new Promise((resolve, reject) => calls.push({ path, resolve, reject })),
  };
  return { source, calls };
}

describe('useResource', () => {
  it('is loading, then holds the resource body', async () => {
    const { source, calls } = deferredSource();
    const { result } = renderHook(() => useResource(source, 'models'));
    expect(result.current).toEqual({ status: 'loading' });
    calls[0]?.resolve(['churn-v2']);
    await waitFor(() => expect(result.current).toEqual({ status: 'ok', value: ['churn-v2'] }));
    expect(calls.map((c) => c.path)).toEqual(['models']);
  });

  it("turns a failed call into the backend's error message", async () => {
    const { source, calls } = deferredSource();
    const { result } = renderHook(() => useResource(source, 'features'));
    calls[0]?.reject({ status: 502, data: { error: 'prometheus unreachable' } });
    await waitFor(() => expect(result.current).toEqual({ status: 'error', message: 'prometheus unreachable' }));
  });

  it('fetches again for a new path and ignores the answer for the old one', async () => {
    const { source, calls } = deferredSource();
    const { result, rerender } = renderHook(({ path }) => useResource(source, path), {
      initialProps: { path: 'pipelines' as 'pipelines' | 'models' },
    });
    rerender({ path: 'models' });
    calls[1]?.resolve(['m']);
    calls[0]?.resolve(['late pipeline answer']);
    await waitFor(() => expect(result.current).toEqual({ status: 'ok', value: ['m'] }));
  });

  it('words every failure shape', () => {
    expect(resourceErrorMessage({ data: { message: 'Plugin unavailable' } })).toBe('Plugin unavailable');
    expect(resourceErrorMessage(new Error('network down'))).toBe('network down');
    expect(resourceErrorMessage({ status: 503 })).toBe('request failed with HTTP 503');
    expect(resourceErrorMessage('boom')).toBe('boom');
  });
});
