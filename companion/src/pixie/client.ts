/**
 * Calls Pixie's `px.api.vizierpb.VizierService/ExecuteScript` (server streaming) with @grpc/grpc-js.
 * The API key travels in the `pixie-api-key` metadata entry, the cluster id in the request, as
 * Pixie's own clients do. Against Pixie Cloud the address is `work.withpixie.ai:443` with TLS; a
 * Vizier reached directly (or a test server) may use plaintext.
 */
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { KindedError } from '../../../src/engine/errors';
import { type ExecuteScriptMessage, PixieScriptError, type PixieTable, TableAssembler } from './tables';

/** Where the vendored proto lives (companion/proto/pixie). */
export const VIZIER_PROTO = path.join(__dirname, '..', '..', 'proto', 'pixie', 'vizierapi.proto');

/** Proto-loader options: camelCase fields, int64 as decimal strings, enums by name, oneof names set. */
const LOADER_OPTIONS: protoLoader.Options = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };

type VizierClient = grpc.Client & {
  ExecuteScript(req: unknown, md: grpc.Metadata, opts: grpc.CallOptions): grpc.ClientReadableStream<ExecuteScriptMessage>;
  HealthCheck(req: unknown, md: grpc.Metadata, opts: grpc.CallOptions): grpc.ClientReadableStream<{ status?: { code?: number; message?: string } }>;
};

let serviceCtor: (new (address: string, creds: grpc.ChannelCredentials) => VizierClient) | undefined;

/** The generated service definition (also used by tests to build a fake Vizier). */
export function vizierPackage(): grpc.GrpcObject {
  const def = protoLoader.loadSync(VIZIER_PROTO, LOADER_OPTIONS);
  return grpc.loadPackageDefinition(def);
}

/** The VizierService definition, for servers. */
export function vizierServiceDefinition(): grpc.ServiceDefinition {
  const pkg = vizierPackage() as unknown as { px: { api: { vizierpb: { VizierService: { service: grpc.ServiceDefinition } } } } };
  return pkg.px.api.vizierpb.VizierService.service;
}

function client(address: string, tls: boolean): VizierClient {
  if (!serviceCtor) {
    const pkg = vizierPackage() as unknown as { px: { api: { vizierpb: { VizierService: typeof serviceCtor } } } };
    serviceCtor = pkg.px.api.vizierpb.VizierService;
  }
  return new serviceCtor!(address, tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure());
}

/** How to reach Pixie. */
export interface PixieTarget {
  /** host:port of Pixie Cloud or a Vizier. */
  address: string;
  tls: boolean;
  apiKey: string;
  clusterId: string;
  /** Deadline of one script run. */
  timeoutMs: number;
  /** Rows a script may return in total. */
  maxRows: number;
}

function metadata(apiKey: string): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('pixie-api-key', apiKey);
  return md;
}

/** grpc status → the companion's API error vocabulary, with a message naming what to check. */
export function grpcError(err: grpc.ServiceError, address: string): KindedError {
  switch (err.code) {
    case grpc.status.UNAUTHENTICATED:
    case grpc.status.PERMISSION_DENIED:
      return new KindedError('bad_input', `Pixie rejected the API key or cluster id: ${err.details}`, 401);
    case grpc.status.UNAVAILABLE:
      return new KindedError('unavailable', `cannot reach Pixie at ${address}: ${err.details}`);
    case grpc.status.DEADLINE_EXCEEDED:
      return new KindedError('timeout', `Pixie did not finish the script in time (${err.details})`);
    case grpc.status.INVALID_ARGUMENT:
    case grpc.status.NOT_FOUND:
      return new KindedError('bad_input', `Pixie refused the request: ${err.details}`);
    default:
      return new KindedError('execution', `Pixie error (${grpc.status[err.code] ?? err.code}): ${err.details}`);
  }
}

/** Runs a PxL script and returns its tables. Throws KindedError. */
export function executeScript(script: string, target: PixieTarget, signal?: AbortSignal): Promise<PixieTable[]> {
  const c = client(target.address, target.tls);
  const assembler = new TableAssembler(target.maxRows);
  return new Promise<PixieTable[]>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) {
        return;
      }
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      c.close();
      if (err) {
        reject(err);
      } else {
        resolve(assembler.result());
      }
    };
    const call = c.ExecuteScript({ queryStr: script, clusterId: target.clusterId, mutation: false }, metadata(target.apiKey), {
      deadline: Date.now() + target.timeoutMs,
    });
    const onAbort = () => {
      call.cancel();
      finish(new KindedError('canceled', 'the Pixie query was canceled'));
    };
    signal?.addEventListener('abort', onAbort);
    call.on('data', (msg: ExecuteScriptMessage) => {
      try {
        assembler.add(msg);
      } catch (e) {
        call.cancel();
        finish(e instanceof PixieScriptError ? new KindedError('bad_input', e.message) : new KindedError('execution', (e as Error).message));
      }
    });
    call.on('error', (e: grpc.ServiceError) => finish(e.code === grpc.status.CANCELLED && settled ? undefined : grpcError(e, target.address)));
    call.on('end', () => finish());
  });
}

/** Checks that Pixie answers HealthCheck for the cluster. Throws KindedError. */
export function healthCheck(target: PixieTarget): Promise<void> {
  const c = client(target.address, target.tls);
  return new Promise<void>((resolve, reject) => {
    const call = c.HealthCheck({ clusterId: target.clusterId }, metadata(target.apiKey), { deadline: Date.now() + target.timeoutMs });
    let done = false;
    const finish = (err?: Error) => {
      if (!done) {
        done = true;
        call.cancel();
        c.close();
        err ? reject(err) : resolve();
      }
    };
    call.on('data', (msg) => {
      const code = msg.status?.code ?? 0;
      finish(code === 0 ? undefined : new KindedError('unavailable', `Pixie cluster is not healthy (code ${code}): ${msg.status?.message ?? ''}`));
    });
    call.on('error', (e: grpc.ServiceError) => finish(e.code === grpc.status.CANCELLED ? undefined : grpcError(e, target.address)));
    call.on('end', () => finish(new KindedError('unavailable', 'Pixie closed the health stream without a status')));
  });
}
