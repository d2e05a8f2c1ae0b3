import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { useState } from 'react';
import {
  Button,
  FieldSet,
  FieldValidationMessage,
  InlineField,
  Input,
  RadioButtonGroup,
  SecretInput,
  Stack,
} from '@grafana/ui';
import { type Compression, DEFAULT_COMPRESSION } from '../../backend/src/datasource/compression.ts';
import {
  DEFAULT_SCRAPE_INTERVAL,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
} from '../../backend/src/datasource/settings.ts';
import {
  addHeader,
  authMode,
  headerRows,
  headerValueKey,
  removeHeader,
  resetSecret,
  setAuthMode,
  setHeaderName,
  setSecret,
  settingsIssue,
  type AuthMode,
  type SieveSettings,
} from '../configModel.ts';
import type { SieveOptions, SieveSecureJsonData } from '../types.ts';
import { INPUT_WIDTH, LABEL_WIDTH } from './layout.ts';
import { TlsSettings } from './TlsSettings.tsx';

type Props = DataSourcePluginOptionsEditorProps<SieveOptions, SieveSecureJsonData>;

const COMPRESSION_OPTIONS: Array<{ label: string; value: Compression; description: string }> = [
  {
    label: 'gzip',
    value: 'gzip',
    description: 'Prometheus gzips its answers (default): for a Prometheus across a WAN',
  },
  {
    label: 'none',
    value: 'none',
    description:
      'Uncompressed answers (Accept-Encoding: identity): for a Prometheus on the same host or network, where gzip costs more time than it saves',
  },
];

const AUTH_MODES: Array<{ label: string; value: AuthMode }> = [
  { label: 'No auth', value: 'none' },
  { label: 'Basic auth', value: 'basic' },
  { label: 'Bearer token', value: 'bearer' },
];

/**
 * The Prometheus-compatible URL, the timeout, scrape interval and compression, basic auth or a bearer token, TLS, custom headers. Secrets
 * go into secure fields: once saved they show "configured" and can only be reset, never read back.
 * "Save & test" runs the backend's health check and shows its message.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const s = options as SieveSettings;
  const update = (next: SieveSettings) => onOptionsChange(next);
  const issue = settingsIssue(s);
  const errorFor = (...fields: string[]) =>
    issue && fields.some((f) => issue.field === f || issue.field.startsWith(`${f}.`)) ? issue.message : undefined;
  // "Bearer token" with nothing typed yet is not in the stored settings: the choice lives here.
  const [mode, setMode] = useState<AuthMode>(() => authMode(s));
  const headers = headerRows(s);
  const timeout = s.jsonData.timeoutSeconds;

  return (
    <Stack direction="column" gap={2}>
      <FieldSet label="Connection">
        <InlineField
          label="Prometheus URL"
          labelWidth={LABEL_WIDTH}
          tooltip="Root of a Prometheus-compatible HTTP API: Prometheus (http://prometheus:9090), Mimir (http://mimir/prometheus), Thanos Query or VictoriaMetrics. /api/v1/... is appended."
          invalid={errorFor('url') !== undefined}
          error={errorFor('url')}
        >
          <Input
            id="sieve-url"
            aria-label="Prometheus URL"
            width={INPUT_WIDTH}
            placeholder="http://prometheus:9090"
            value={s.url}
            onChange={(e) => update({ ...s, url: e.currentTarget.value })}
          />
        </InlineField>
        <InlineField
          label="Timeout"
          labelWidth={LABEL_WIDTH}
          tooltip={`Seconds each request to Prometheus may take before the query fails (at most ${MAX_TIMEOUT_SECONDS}).`}
          invalid={errorFor('jsonData.timeoutSeconds') !== undefined}
          error={errorFor('jsonData.timeoutSeconds')}
        >
          <Input
            id="sieve-timeout"
            aria-label="Timeout in seconds"
            type="number"
            width={16}
            placeholder={String(DEFAULT_TIMEOUT_SECONDS)}
            suffix="s"
            value={timeout === undefined ? '' : String(timeout)}
            onChange={(e) => {
              const text = e.currentTarget.value;
              update({ ...s, jsonData: { ...s.jsonData, timeoutSeconds: text === '' ? undefined : Number(text) } });
            }}
          />
        </InlineField>
        <InlineField
          label="Scrape interval"
          labelWidth={LABEL_WIDTH}
          tooltip={`How often Prometheus scrapes the series you query (its scrape_interval), as a Prometheus duration such as 15s or 1m; default ${DEFAULT_SCRAPE_INTERVAL}. Queries never step finer than this, and $__rate_interval is max($__interval + scrape interval, 4 × scrape interval), as in Grafana's Prometheus datasource.`}
          invalid={errorFor('jsonData.timeInterval') !== undefined}
          error={errorFor('jsonData.timeInterval')}
        >
          <Input
            id="sieve-time-interval"
            aria-label="Scrape interval"
            width={16}
            placeholder={DEFAULT_SCRAPE_INTERVAL}
            value={s.jsonData.timeInterval ?? ''}
            onChange={(e) => {
              const text = e.currentTarget.value;
              update({ ...s, jsonData: { ...s.jsonData, timeInterval: text === '' ? undefined : text } });
            }}
          />
        </InlineField>
        <InlineField
          label="Compression"
          labelWidth={LABEL_WIDTH}
          tooltip="Whether Prometheus compresses its answers. gzip (the default, as in Grafana's Prometheus datasource) suits a Prometheus reached over a WAN. Choose none when Prometheus runs on the same host or network as Grafana: there gzip costs Prometheus and the plugin more time and CPU than the bytes it saves (measured: a 3.7 MB answer in about half the time; see the plugin README). A custom Accept-Encoding header overrides this."
          invalid={errorFor('jsonData.compression') !== undefined}
          error={errorFor('jsonData.compression')}
        >
          <RadioButtonGroup<Compression>
            aria-label="Compression"
            options={COMPRESSION_OPTIONS}
            value={s.jsonData.compression ?? DEFAULT_COMPRESSION}
            onChange={(compression) => update({ ...s, jsonData: { ...s.jsonData, compression } })}
          />
        </InlineField>
      </FieldSet>

      <FieldSet label="Authentication">
        <InlineField
          label="Method"
          labelWidth={LABEL_WIDTH}
          tooltip="Basic auth (user and password) or a bearer token (sent as Authorization: Bearer ...); not both."
        >
          <RadioButtonGroup<AuthMode>
            options={AUTH_MODES}
            value={mode}
            onChange={(m) => {
              setMode(m);
              update(setAuthMode(s, m));
            }}
          />
        </InlineField>
        {mode !== 'bearer' && errorFor('secureJsonData.bearerToken') && (
          <FieldValidationMessage>{errorFor('secureJsonData.bearerToken')}</FieldValidationMessage>
        )}
        {mode === 'basic' && (
          <>
            <InlineField
              label="User"
              labelWidth={LABEL_WIDTH}
              tooltip="The basic auth user."
              invalid={errorFor('basicAuthUser') !== undefined}
              error={errorFor('basicAuthUser')}
            >
              <Input
                id="sieve-basic-user"
                aria-label="Basic auth user"
                width={INPUT_WIDTH}
                value={s.basicAuthUser}
                onChange={(e) => update({ ...s, basicAuthUser: e.currentTarget.value })}
              />
            </InlineField>
            <InlineField
              label="Password"
              labelWidth={LABEL_WIDTH}
              tooltip="Stored encrypted by Grafana; never shown again."
            >
              <SecretInput
                id="sieve-basic-password"
                aria-label="Basic auth password"
                width={INPUT_WIDTH}
                isConfigured={Boolean(s.secureJsonFields?.basicAuthPassword)}
                value={s.secureJsonData?.basicAuthPassword ?? ''}
                onReset={() => update(resetSecret(s, 'basicAuthPassword'))}
                onChange={(e) => update(setSecret(s, 'basicAuthPassword', e.currentTarget.value))}
              />
            </InlineField>
          </>
        )}
        {mode === 'bearer' && (
          <InlineField
            label="Token"
            labelWidth={LABEL_WIDTH}
            tooltip="Sent as Authorization: Bearer <token>, e.g. a Mimir gateway or Grafana Cloud token. Stored encrypted; never shown again."
            invalid={errorFor('secureJsonData.bearerToken') !== undefined}
            error={errorFor('secureJsonData.bearerToken')}
          >
            <SecretInput
              id="sieve-bearer-token"
              aria-label="Token"
              width={INPUT_WIDTH}
              isConfigured={Boolean(s.secureJsonFields?.bearerToken)}
              value={s.secureJsonData?.bearerToken ?? ''}
              onReset={() => update(resetSecret(s, 'bearerToken'))}
              onChange={(e) => update(setSecret(s, 'bearerToken', e.currentTarget.value))}
            />
          </InlineField>
        )}
      </FieldSet>

      <TlsSettings settings={s} update={update} errorFor={(field) => errorFor(field)} />

      <FieldSet label="Custom headers">
        {headers.map((h, i) => {
          const n = i + 1;
          const valueKey = headerValueKey(n);
          const error = errorFor(`jsonData.httpHeaderName${n}`, `secureJsonData.httpHeaderValue${n}`);
          return (
            <Stack key={n} direction="row" gap={1}>
              <InlineField
                label={`Header ${n}`}
                labelWidth={LABEL_WIDTH}
                tooltip="Sent with every request to Prometheus, e.g. X-Scope-OrgID for a Mimir tenant. The value is stored encrypted."
                invalid={error !== undefined}
                error={error}
              >
                <Input
                  aria-label={`Header ${n} name`}
                  width={24}
                  placeholder="X-Scope-OrgID"
                  value={h.name}
                  onChange={(e) => update(setHeaderName(s, n, e.currentTarget.value))}
                />
              </InlineField>
              <SecretInput
                aria-label={`Header ${n} value`}
                width={INPUT_WIDTH}
                placeholder="value"
                isConfigured={Boolean(s.secureJsonFields?.[valueKey])}
                value={s.secureJsonData?.[valueKey] ?? ''}
                onReset={() => update(resetSecret(s, valueKey))}
                onChange={(e) => update(setSecret(s, valueKey, e.currentTarget.value))}
              />
              <Button
                variant="secondary"
                icon="trash-alt"
                aria-label={`Remove header ${n}`}
                onClick={() => update(removeHeader(s, n))}
              />
            </Stack>
          );
        })}
        <Button variant="secondary" icon="plus" onClick={() => update(addHeader(s))}>
          Add header
        </Button>
        {headers.some((h) => !h.valueSet && h.name !== '') && <p>Headers without a value are sent empty.</p>}
      </FieldSet>
    </Stack>
  );
}
