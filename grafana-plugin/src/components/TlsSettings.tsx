import { FieldSet, InlineField, InlineSwitch, Input, SecretTextArea } from '@grafana/ui';
import { resetSecret, setSecret, type SieveSettings, type TlsSecretKey, type TlsSwitch } from '../configModel.ts';
import { INPUT_WIDTH, LABEL_WIDTH } from './layout.ts';

interface Props {
  settings: SieveSettings;
  update: (next: SieveSettings) => void;
  /** The backend's message for a field, when settingsIssue names it. */
  errorFor: (field: string) => string | undefined;
}

const PEM_ROWS = 7;

/**
 * TLS to an https:// Prometheus, with the switches and secure fields of Grafana's own HTTP settings
 * (the same jsonData / secureJsonData keys, so a provisioning file reads the same). PEM fields are
 * secure: once saved they show "configured" and can only be reset.
 */
export function TlsSettings({ settings: s, update, errorFor }: Props) {
  const on = (key: TlsSwitch) => s.jsonData[key] === true;
  const toggle = (key: TlsSwitch, value: boolean) => update({ ...s, jsonData: { ...s.jsonData, [key]: value } });
  const pem = (key: TlsSecretKey, label: string, placeholder: string, tooltip: string) => (
    <InlineField
      label={label}
      labelWidth={LABEL_WIDTH}
      tooltip={tooltip}
      invalid={errorFor(`secureJsonData.${key}`) !== undefined}
      error={errorFor(`secureJsonData.${key}`)}
    >
      <SecretTextArea
        aria-label={label}
        cols={INPUT_WIDTH + 20}
        rows={PEM_ROWS}
        placeholder={placeholder}
        isConfigured={Boolean(s.secureJsonFields?.[key])}
        value={s.secureJsonData?.[key] ?? ''}
        onReset={() => update(resetSecret(s, key))}
        onChange={(e) => update(setSecret(s, key, e.currentTarget.value))}
      />
    </InlineField>
  );

  return (
    <FieldSet label="TLS">
      <InlineField
        label="Skip TLS verify"
        labelWidth={LABEL_WIDTH}
        tooltip="Accept any server certificate (jsonData.tlsSkipVerify). Only for testing: anyone on the path can read the traffic."
      >
        <InlineSwitch
          aria-label="Skip TLS verify"
          value={on('tlsSkipVerify')}
          onChange={(e) => toggle('tlsSkipVerify', e.currentTarget.checked)}
        />
      </InlineField>
      <InlineField
        label="With CA cert"
        labelWidth={LABEL_WIDTH}
        tooltip="Trust only this CA for the server's certificate (jsonData.tlsAuthWithCACert), e.g. a company's internal CA. Without it, the Grafana host's CAs are trusted (and SSL_CERT_FILE / SSL_CERT_DIR)."
      >
        <InlineSwitch
          aria-label="With CA cert"
          value={on('tlsAuthWithCACert')}
          onChange={(e) => toggle('tlsAuthWithCACert', e.currentTarget.checked)}
        />
      </InlineField>
      {on('tlsAuthWithCACert') &&
        pem(
          'tlsCACert',
          'CA cert',
          'Begins with -----BEGIN CERTIFICATE-----',
          'PEM of the CA (or CAs) that signed the server certificate.'
        )}
      <InlineField
        label="TLS client auth"
        labelWidth={LABEL_WIDTH}
        tooltip="Present a client certificate (jsonData.tlsAuth), for servers or gateways that require mutual TLS."
      >
        <InlineSwitch
          aria-label="TLS client auth"
          value={on('tlsAuth')}
          onChange={(e) => toggle('tlsAuth', e.currentTarget.checked)}
        />
      </InlineField>
      {on('tlsAuth') && (
        <>
          {pem(
            'tlsClientCert',
            'Client cert',
            'Begins with -----BEGIN CERTIFICATE-----',
            'PEM client certificate, optionally followed by its intermediates.'
          )}
          {pem(
            'tlsClientKey',
            'Client key',
            'Begins with -----BEGIN PRIVATE KEY-----',
            'PEM private key of the client certificate, without a passphrase.'
          )}
        </>
      )}
      {(on('tlsAuth') || on('tlsAuthWithCACert')) && (
        <InlineField
          label="Server name"
          labelWidth={LABEL_WIDTH}
          tooltip="The name sent in SNI and checked against the server certificate (jsonData.serverName), when the URL's host is not in the certificate."
          invalid={errorFor('jsonData.serverName') !== undefined}
          error={errorFor('jsonData.serverName')}
        >
          <Input
            aria-label="Server name"
            width={INPUT_WIDTH}
            placeholder="prometheus.internal"
            value={s.jsonData.serverName ?? ''}
            onChange={(e) => {
              const text = e.currentTarget.value;
              update({ ...s, jsonData: { ...s.jsonData, serverName: text === '' ? undefined : text } });
            }}
          />
        </InlineField>
      )}
    </FieldSet>
  );
}
