/**
 * Connecting to a production cluster over mutual TLS, configured by the environment alone:
 * the suite's Temporal server behind a TLS endpoint that requires a client certificate signed
 * by its CA (certificates made here with openssl). The API's connection (connectEngine) and the
 * worker's (NativeConnection) both reach it with TEMPORAL_TLS_CA/CERT/KEY/SERVER_NAME, and
 * without the client certificate the endpoint refuses them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { NativeConnection } from '@temporalio/worker';
import { connectEngine } from '../../api/engine';
import { loadConfig } from '../../scripts/config';
import { aptInstall, onPath } from '../../scripts/system-tools';
import { temporalAddress } from '../support/harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevisit-tls-'));
const file = (name: string) => path.join(dir, name);
let endpoint: tls.Server;
let address: string;

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA, a server certificate for "temporal.test" and a client certificate, all signed by the CA. */
function makeCertificates(): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=onevisit test CA']);
  for (const [name, cn, ext] of [
    ['server', 'temporal.test', 'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth'],
    ['client', 'onevisit-worker', 'extendedKeyUsage=clientAuth'],
  ]) {
    fs.writeFileSync(file(`${name}.ext`), `${ext}\n`);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`]);
  }
}

beforeAll(async () => {
  if (!onPath('openssl')) await aptInstall(['openssl'], (m) => console.log(`[openssl] ${m}`));
  makeCertificates();
  const [host, port] = temporalAddress().split(':');
  // TLS terminated here, gRPC (HTTP/2) passed through to the plain-text server.
  endpoint = tls.createServer(
    {
      key: fs.readFileSync(file('server.key')),
      cert: fs.readFileSync(file('server.pem')),
      ca: fs.readFileSync(file('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      const upstream = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host);
      socket.pipe(upstream).pipe(socket);
      const close = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', close);
      upstream.on('error', close);
    },
  );
  endpoint.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(endpoint.address() as net.AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => endpoint?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const tlsEnv = () => ({
  TEMPORAL_ADDRESS: address,
  TEMPORAL_TLS_CA: file('ca.pem'),
  TEMPORAL_TLS_CERT: file('client.pem'),
  TEMPORAL_TLS_KEY: file('client.key'),
  TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
});

test('the API and the worker connect over mutual TLS from the environment alone', async () => {
  const config = loadConfig(tlsEnv());
  expect(config.temporalConnection.tls).toMatchObject({ serverNameOverride: 'temporal.test' });

  const { client, connection } = await connectEngine({ address, namespace: 'default', ...config.temporalConnection });
  try {
    const info = await client.workflowService.describeNamespace({ namespace: 'default' });
    expect(info.namespaceInfo?.name).toBe('default');
  } finally {
    await connection.close();
  }
  const native = await NativeConnection.connect({ address, ...config.temporalConnection });
  try {
    const info = await native.workflowService.describeNamespace({ namespace: 'default' });
    expect(info.namespaceInfo?.name).toBe('default');
  } finally {
    await native.close();
  }
});

test('without the client certificate the cluster is not reached', async () => {
  const { TEMPORAL_TLS_CERT: _cert, TEMPORAL_TLS_KEY: _key, ...withoutClientCert } = tlsEnv();
  const config = loadConfig(withoutClientCert);
  await expect(
    (async () => {
      const { client, connection } = await connectEngine({ address, namespace: 'default', ...config.temporalConnection });
      try {
        await client.workflowService.describeNamespace({ namespace: 'default' });
      } finally {
        await connection.close();
      }
    })(),
  ).rejects.toThrow();
});

test('a TLS setting that cannot work stops the start with the variable named', () => {
  expect(() => loadConfig({ ...tlsEnv(), TEMPORAL_TLS_KEY: undefined })).toThrow(/TEMPORAL_TLS_CERT\/TEMPORAL_TLS_KEY: give both/);
  expect(() => loadConfig({ ...tlsEnv(), TEMPORAL_TLS_CA: file('missing.pem') })).toThrow(/TEMPORAL_TLS_CA: cannot read .*missing\.pem \(ENOENT\)/);
  expect(() => loadConfig({ TEMPORAL_API_KEY: 'k' })).toThrow(/only with TEMPORAL_ADDRESS/);
  expect(() => loadConfig({ ...tlsEnv(), TEMPORAL_TLS: 'false' })).toThrow(/TEMPORAL_TLS: false/);
  // An API key implies TLS (Temporal Cloud), and is never part of the printed settings.
  const cloud = loadConfig({ TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret-key' });
  expect(cloud.temporalConnection).toMatchObject({ apiKey: 'secret-key', tls: {} });
  expect(JSON.stringify({ ...cloud, temporalConnection: undefined })).not.toContain('secret-key');
});
