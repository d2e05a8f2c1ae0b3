import type { DataSourceSettings } from '@grafana/data';
import type { InstanceSettings } from '../backend/src/sdk/index.ts';
import { ValidationError } from '../backend/src/datasource/errors.ts';
import { parseSettings } from '../backend/src/datasource/settings.ts';
import type { SieveOptions, SieveSecureJsonData } from './types.ts';

/**
 * The datasource settings as the config editor edits them, and the pure functions it uses. Keys are
 * exactly those backend/src/datasource/settings.ts reads; a test passes the editor's output to
 * parseSettings.
 */
export type SieveSettings = DataSourceSettings<SieveOptions, SieveSecureJsonData>;
export type AuthMode = 'none' | 'basic' | 'bearer';
export type SecureKey = keyof SieveSecureJsonData & string;
/** Grafana's TLS switches in jsonData, and the secure PEM fields behind them. */
export type TlsSwitch = 'tlsSkipVerify' | 'tlsAuthWithCACert' | 'tlsAuth';
export type TlsSecretKey = 'tlsCACert' | 'tlsClientCert' | 'tlsClientKey';

export const headerNameKey = (n: number) => `httpHeaderName${n}` as const;
export const headerValueKey = (n: number) => `httpHeaderValue${n}` as const;

export function authMode(s: SieveSettings): AuthMode {
  if (s.basicAuth) return 'basic';
  return s.secureJsonFields?.bearerToken || s.secureJsonData?.bearerToken ? 'bearer' : 'none';
}

/** Set (typed now) or configured (stored by Grafana, never sent back). */
export function isSecretSet(s: SieveSettings, key: SecureKey): boolean {
  return Boolean(s.secureJsonFields?.[key]) || Boolean(s.secureJsonData?.[key]);
}

/** Forgets a stored secret: Grafana deletes it on save. */
export function resetSecret(s: SieveSettings, key: SecureKey): SieveSettings {
  return {
    ...s,
    secureJsonFields: { ...s.secureJsonFields, [key]: false },
    secureJsonData: { ...s.secureJsonData, [key]: '' },
  };
}

export function setSecret(s: SieveSettings, key: SecureKey, value: string): SieveSettings {
  return { ...s, secureJsonData: { ...s.secureJsonData, [key]: value } };
}

/** Basic auth and a bearer token exclude each other (settings.ts refuses both): switching resets the other. */
export function setAuthMode(s: SieveSettings, mode: AuthMode): SieveSettings {
  let next: SieveSettings = { ...s, basicAuth: mode === 'basic' };
  if (mode !== 'basic' && isSecretSet(next, 'basicAuthPassword')) next = resetSecret(next, 'basicAuthPassword');
  if (mode !== 'bearer' && isSecretSet(next, 'bearerToken')) next = resetSecret(next, 'bearerToken');
  if (mode !== 'basic') next = { ...next, basicAuthUser: '' };
  return next;
}

export interface HeaderRow {
  name: string;
  /** Whether a value is stored or typed; the value itself is never read back. */
  valueSet: boolean;
}

/** `httpHeaderName1`, `httpHeaderName2`, ... up to the first gap, as settings.ts reads them. */
export function headerRows(s: SieveSettings): HeaderRow[] {
  const rows: HeaderRow[] = [];
  for (let n = 1; ; n++) {
    const name = s.jsonData[headerNameKey(n)];
    if (name === undefined) return rows;
    rows.push({ name, valueSet: isSecretSet(s, headerValueKey(n)) });
  }
}

export function addHeader(s: SieveSettings): SieveSettings {
  const n = headerRows(s).length + 1;
  return { ...s, jsonData: { ...s.jsonData, [headerNameKey(n)]: '' } };
}

export function setHeaderName(s: SieveSettings, n: number, name: string): SieveSettings {
  return { ...s, jsonData: { ...s.jsonData, [headerNameKey(n)]: name } };
}

/**
 * Removes header `n`. Later headers move up one number; their stored values cannot move with them
 * (Grafana never sends secrets back), so those values are reset and must be typed again.
 */
export function removeHeader(s: SieveSettings, n: number): SieveSettings {
  const rows = headerRows(s);
  const jsonData: SieveOptions = { ...s.jsonData };
  let next: SieveSettings = { ...s, jsonData };
  for (let i = n; i < rows.length; i++) jsonData[headerNameKey(i)] = (rows[i] as HeaderRow).name;
  delete jsonData[headerNameKey(rows.length)];
  for (let i = n; i <= rows.length; i++) {
    const key = headerValueKey(i);
    if (i === n || isSecretSet(s, key)) next = resetSecret(next, key);
  }
  return next;
}

/** Why each secure value that is set is a placeholder here: the browser never has the stored ones. */
const STORED = 'stored-secret';

/**
 * The settings as the backend will see them, with stored secrets standing in as placeholders; the
 * backend's own parseSettings judges them. Returns its message and the field it names, if any.
 */
export function settingsIssue(s: SieveSettings): { field: string; message: string } | undefined {
  const secure: Record<string, string> = {};
  for (const [key, stored] of Object.entries(s.secureJsonFields ?? {})) if (stored) secure[key] = STORED;
  for (const [key, typed] of Object.entries(s.secureJsonData ?? {})) if (typed !== undefined) secure[key] = typed;
  const instance: InstanceSettings = {
    uid: s.uid,
    name: s.name,
    url: s.url,
    basicAuthEnabled: s.basicAuth,
    basicAuthUser: s.basicAuthUser,
    jsonData: s.jsonData,
    decryptedSecureJsonData: secure,
    lastUpdatedMs: 0,
  };
  try {
    parseSettings(instance);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const field = /field "([^"]+)"/.exec(error.message)?.[1] ?? '';
    return { field, message: error.message };
  }
}
