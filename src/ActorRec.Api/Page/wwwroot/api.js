// The calls the page makes, each one RPC of the public API (or the Prometheus scrape), with the caller's credential.
import { GrpcWebClient, RpcError, Code } from './grpc-web.js';

const KEY_STORAGE = 'actorrec.credential';

export { RpcError, Code };

export class Api {
  static async connect() {
    const { client, settings } = await GrpcWebClient.load(() => sessionStorage.getItem(KEY_STORAGE));
    return new Api(client, settings);
  }

  constructor(client, settings) {
    this.client = client;
    this.settings = settings;
  }

  get hasCredential() {
    return sessionStorage.getItem(KEY_STORAGE) !== null;
  }

  /** Kept for this tab only (sessionStorage): closing it forgets the key. */
  setCredential(value) {
    if (value) {
      sessionStorage.setItem(KEY_STORAGE, value.trim());
    } else {
      sessionStorage.removeItem(KEY_STORAGE);
    }
  }

  searchItems(query, offset, limit) {
    return this.client.unary('Catalog', 'SearchItems', 'SearchItemsRequest', 'SearchItemsResponse', { query, offset, limit });
  }

  click(sessionId, seq, itemId) {
    return this.client.unary('Recommender', 'Click', 'ClickEvent', 'Recommendation', { sessionId, seq, itemId });
  }

  recommendations(sessionId) {
    return this.client.unary('Recommender', 'GetRecommendations', 'GetRecommendationsRequest', 'Recommendation', { sessionId });
  }

  endSession(sessionId) {
    return this.client.unary('Recommender', 'EndSession', 'EndSessionRequest', 'EndSessionResponse', { sessionId });
  }

  listModels() {
    return this.client.unary('ModelAdmin', 'ListModels', 'ListModelsRequest', 'ListModelsResponse', {});
  }

  activateModel(versionId) {
    return this.client.unary('ModelAdmin', 'ActivateModel', 'ActivateModelRequest', 'ModelInfo', { versionId });
  }

  onlineMetrics() {
    return this.client.unary('ModelAdmin', 'GetOnlineMetrics', 'GetOnlineMetricsRequest', 'GetOnlineMetricsResponse', {});
  }

  /** The Prometheus scrape of this process (scope metrics once credentials are configured). */
  async metricsText() {
    const credential = sessionStorage.getItem(KEY_STORAGE);
    const response = await fetch('metrics', { headers: credential ? { authorization: `Bearer ${credential}` } : {}, cache: 'no-store' });
    const text = await response.text();
    if (!response.ok) {
      throw new RpcError(response.status === 401 ? Code.UNAUTHENTICATED : response.status === 403 ? Code.PERMISSION_DENIED : Code.UNAVAILABLE, `/metrics: HTTP ${response.status}`);
    }
    return text;
  }
}

/** Milliseconds of a google.protobuf.Duration, or null when unset. */
export function durationMs(duration) {
  return duration ? (duration.seconds * 1000) + (duration.nanos / 1e6) : null;
}
