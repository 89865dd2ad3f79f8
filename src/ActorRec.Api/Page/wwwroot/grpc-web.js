// Unary gRPC-Web calls over fetch(): the same services, statuses and credentials as a gRPC client's.
import { Codec } from './codec.js';

/** gRPC status codes the page acts on (google.rpc.Code numbering). */
export const Code = Object.freeze({
  OK: 0,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
});

const CODE_NAMES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL',
  'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

export class RpcError extends Error {
  constructor(code, detail) {
    super(`${CODE_NAMES[code] ?? code}: ${detail}`);
    this.code = code;
    this.detail = detail;
  }
}

const PACKAGE = 'actorrec.v1';

export class GrpcWebClient {
  /** @param {Codec} codec @param {() => string | null} credential the API key or token to send, or null */
  constructor(codec, credential) {
    this.codec = codec;
    this.credential = credential;
  }

  /** Loads the contract the server was built with, and the page's settings. */
  static async load(credential) {
    const response = await fetch('page/api.json', { cache: 'no-cache' });
    if (!response.ok) {
      throw new Error(`page/api.json: HTTP ${response.status}`);
    }
    const api = await response.json();
    return { client: new GrpcWebClient(new Codec(api.messages), credential), settings: api };
  }

  /** Calls service/method with a request object; resolves to the response object or throws RpcError. */
  async unary(service, method, requestType, responseType, request) {
    const message = this.codec.encode(`${PACKAGE}.${requestType}`, request);
    const body = new Uint8Array(5 + message.length);
    new DataView(body.buffer).setUint32(1, message.length, false);
    body.set(message, 5);
    const headers = { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', accept: 'application/grpc-web+proto' };
    const credential = this.credential();
    if (credential) {
      headers.authorization = `Bearer ${credential}`;
    }

    let response;
    try {
      response = await fetch(`${PACKAGE}.${service}/${method}`, { method: 'POST', headers, body });
    } catch (e) {
      throw new RpcError(Code.UNAVAILABLE, `the server did not answer (${e.message})`);
    }
    // Read whatever the answer is: a body left unread is cancelled, which the browser reports as a failed request.
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!response.ok) {
      throw new RpcError(httpToCode(response.status), `HTTP ${response.status}`);
    }

    // A call refused before it ran (credentials, scope, rate) answers with its status in the headers and no body.
    const headerStatus = response.headers.get('grpc-status');
    if (headerStatus !== null && Number(headerStatus) !== Code.OK) {
      throw new RpcError(Number(headerStatus), decodeMessage(response.headers.get('grpc-message')));
    }

    let payload = null;
    let trailers = new Map();
    for (let offset = 0; offset + 5 <= bytes.length;) {
      const flags = bytes[offset];
      const length = new DataView(bytes.buffer, bytes.byteOffset + offset + 1, 4).getUint32(0, false);
      const frame = bytes.subarray(offset + 5, offset + 5 + length);
      offset += 5 + length;
      if (flags & 0x80) {
        trailers = parseTrailers(frame);
      } else {
        payload = frame;
      }
    }

    const status = Number(trailers.get('grpc-status') ?? headerStatus ?? Code.OK);
    if (status !== Code.OK) {
      throw new RpcError(status, decodeMessage(trailers.get('grpc-message')));
    }
    if (payload === null) {
      throw new RpcError(13, `${service}/${method} answered without a message`);
    }
    return this.codec.decode(`${PACKAGE}.${responseType}`, payload);
  }
}

function parseTrailers(frame) {
  const trailers = new Map();
  for (const line of new TextDecoder().decode(frame).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
  }
  return trailers;
}

function decodeMessage(text) {
  if (!text) {
    return '';
  }
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function httpToCode(status) {
  switch (status) {
    case 401:
      return Code.UNAUTHENTICATED;
    case 403:
      return Code.PERMISSION_DENIED;
    case 429:
      return Code.RESOURCE_EXHAUSTED;
    default:
      return Code.UNAVAILABLE;
  }
}
