import type { DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { setBackendSrv, type BackendSrv, type TemplateSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';
import { SieveDataSource } from '../../src/datasource.ts';
import type { SieveOptions } from '../../src/types.ts';

/**
 * Stand-ins for the two Grafana services the datasource calls: the HTTP client that carries
 * resource calls to the plugin backend, and the dashboard's template variables. Everything of
 * Sieve's own (datasource, editors, validation) is real.
 */

export type Answer = { status: number; body: unknown } | { pending: true };

/** Answers `/api/datasources/uid/<uid>/resources/<path>` (and `/health`) from `answers`; records URLs. */
export function fakeBackend(answers: Record<string, Answer>): { urls: string[] } {
  const urls: string[] = [];
  const fetch = ({ url }: { url: string }) =>
    new Observable((subscriber) => {
      urls.push(url);
      const path = url.replace(/^\/api\/datasources\/uid\/[^/]+\/(resources\/)?/, '');
      const answer = answers[path] ?? { status: 404, body: { error: `no resource "${path}"` } };
      if ('pending' in answer) return;
      if (answer.status < 300) {
        subscriber.next({ data: answer.body, status: answer.status, ok: true });
        subscriber.complete();
      } else subscriber.error({ status: answer.status, data: answer.body });
    });
  setBackendSrv({ fetch } as unknown as BackendSrv);
  return { urls };
}

/**
 * TemplateSrv over fixed dashboard variables: `$name` / `${name}`; a format function gets arrays for
 * multi-values. As Grafana's, a request's scoped variables (a repeated panel's value, `$__interval`)
 * win over the dashboard's, and the format function still sees the dashboard variable's `multi`.
 */
export function fakeTemplateSrv(vars: Record<string, string | string[]>): TemplateSrv {
  type Format = (value: unknown, variable: { multi: boolean; includeAll: boolean }) => string;
  return {
    getVariables: () => Object.keys(vars).map((name) => ({ name }) as ReturnType<TemplateSrv['getVariables']>[number]),
    replace: (text = '', scoped?: ScopedVars, format?: string | Format) =>
      text.replace(/\$\{(\w+)\}|\$(\w+)/g, (ref: string, braced?: string, plain?: string) => {
        const name = (braced ?? plain) as string;
        const scopedValue = scoped?.[name]?.value as string | string[] | undefined;
        const value = scopedValue ?? vars[name];
        if (value === undefined) return ref;
        const variable = { multi: Array.isArray(vars[name]), includeAll: false };
        if (typeof format === 'function') return format(value, variable);
        return Array.isArray(value) ? `{${value.join(',')}}` : value;
      }),
    containsTemplate: (text?: string) => /\$/.test(text ?? ''),
    updateTimeRange: () => {},
  };
}

export function sieveDataSource(templateSrv: TemplateSrv, jsonData: SieveOptions = {}): SieveDataSource {
  const settings = {
    id: 1,
    uid: 'sieve',
    type: 'sieve-datamining-datasource',
    name: 'Sieve',
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: { id: 'sieve-datamining-datasource', name: 'Sieve', type: 'datasource', info: {}, module: '', baseUrl: '' },
  } as unknown as DataSourceInstanceSettings<SieveOptions>;
  return new SieveDataSource(settings, templateSrv);
}
