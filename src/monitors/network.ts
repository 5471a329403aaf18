import { Type } from 'typebox';
import { checkHostname, checkIpv4, checkPort } from './rules.ts';
import type { Config, MonitorTypeSpec } from './types.ts';

// Network monitors: TCP, ping, DNS (`name-server`), FTP and FTPS (docs/alertsite-v3.md §4.5, §4.6).

const Port = Type.Integer({ minimum: 1, maximum: 65535 });

/** Host fields; for an IP target: `hostname` = IP, `ipv4` = IP, `resolve_dns: false`. */
const HOST_FIELDS = {
  hostname: Type.String({ minLength: 1, maxLength: 253 }),
  ipv4: Type.String({ maxLength: 15, description: 'Empty: resolve hostname.' }),
  resolve_dns: Type.Boolean(),
};
const HOST_DEFAULTS: Config = { ipv4: '', resolve_dns: true };

function checkHost(config: Config): void {
  checkHostname('hostname', config.hostname);
  checkIpv4(config.ipv4);
}

function networkType(
  o: Pick<MonitorTypeSpec, 'type' | 'title' | 'fields' | 'required' | 'defaults'> & { secrets?: string[] },
): MonitorTypeSpec {
  return {
    ...o,
    fields: { ...HOST_FIELDS, ...o.fields },
    required: ['hostname', ...o.required],
    defaults: { ...HOST_DEFAULTS, ...o.defaults },
    secrets: o.secrets ?? [],
    creatable: true,
    editable: true,
    validate(config) {
      checkHost(config);
      checkPort('port', config.port);
    },
  };
}

export const tcp = networkType({
  type: 'tcp',
  title: 'TCP port monitor',
  fields: { port: Port },
  required: ['port'],
  defaults: {},
});

export const ping = networkType({
  type: 'ping',
  title: 'Ping monitor',
  fields: {},
  required: [],
  defaults: {},
});

export const nameServer = networkType({
  type: 'name-server',
  title: 'DNS monitor',
  fields: {
    name_to_resolve: Type.String({ maxLength: 253, description: 'The name to look up.' }),
    name_to_resolve_id: Type.Integer({ minimum: 0 }),
    // The docs' own example returns `"port": ""`: accepted, and it means 53.
    port: Type.Union([Port, Type.Literal('')], { description: 'DNS server port; "" means 53.' }),
  },
  required: [],
  defaults: { name_to_resolve: '', name_to_resolve_id: 0, port: '' },
});

const FTP_FIELDS = {
  port: Port,
  enable_ftp_upload: Type.Boolean(),
  username: Type.String({ maxLength: 255 }),
  password: Type.String({ maxLength: 255, description: 'Write-only: shown as null.' }),
};

export const ftp = networkType({
  type: 'ftp',
  title: 'FTP monitor',
  fields: FTP_FIELDS,
  required: ['enable_ftp_upload'],
  defaults: { port: 21, username: 'anonymous' },
  secrets: ['password'],
});

export const ftpSsl = networkType({
  type: 'ftp-ssl',
  title: 'FTPS monitor',
  fields: { ...FTP_FIELDS, use_ssl_version: Type.Integer({ minimum: 0, maximum: 10 }) },
  required: ['enable_ftp_upload'],
  defaults: { port: 21, username: 'anonymous', use_ssl_version: 0 },
  secrets: ['password'],
});
