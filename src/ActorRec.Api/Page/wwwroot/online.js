// View 2, "Online": live HitRate@k and MRR@k per model version over time, serving statistics, model activation.
import { Code, RpcError } from './api.js';
import { renderChart, shortVersion } from './chart.js';
import { parsePrometheus, servingStats } from './metrics.js';

/** Points kept per version: an hour at the default poll interval. */
const MAX_POINTS = 1800;

export class OnlineView {
  /** @param {import('./api.js').Api} api @param {(text: string) => void} report */
  constructor(api, report) {
    this.api = api;
    this.report = report;
    this.series = new Map();
    this.k = 20;
    this.previousScrape = null;
    this.admin = null;
    this.metricsRefusal = null;
    this.onlineRefusal = null;
    document.getElementById('models').addEventListener('click', event => {
      const button = event.target.closest('button[data-activate]');
      if (button) {
        this.activate(button.dataset.activate);
      }
    });
  }

  /** Polls until the page closes; the series grows from the first poll on. */
  start() {
    renderChart(document.getElementById('online-chart'), this.series, this.k);
    const poll = async () => {
      await this.poll();
      setTimeout(poll, this.api.settings.pollMilliseconds);
    };
    poll();
    this.loadModels();
  }

  async poll() {
    const notes = [];
    try {
      if (this.onlineRefusal) {
        throw this.onlineRefusal;
      }
      const online = await this.api.onlineMetrics();
      const now = Date.now();
      this.k = online.k;
      for (const model of online.models) {
        if (!this.series.has(model.versionId)) {
          this.series.set(model.versionId, []);
        }
        const points = this.series.get(model.versionId);
        points.push({ t: now, hitRate: model.hitRate, mrr: model.mrr, events: model.events });
        if (points.length > MAX_POINTS) {
          points.shift();
        }
      }
      renderChart(document.getElementById('online-chart'), this.series, this.k);
      setText('stat-sessions', String(online.activeSessions));
      setText('stat-silos', online.unreachableSilos ? `${online.silos} (+${online.unreachableSilos} not answering)` : String(online.silos));
      setText('online-window', `window ${formatDuration(online.window)} · k = ${online.k}`);
      const table = document.getElementById('online-table');
      table.replaceChildren(...online.models.map(m => row([shortVersion(m.versionId), m.events, m.hits, m.hitRate.toFixed(4), m.mrr.toFixed(4)])));
    } catch (e) {
      notes.push(denied(e, 'Online accuracy needs the admin scope.'));
      if (e instanceof RpcError && e.code === Code.PERMISSION_DENIED) {
        // The key's scopes do not change while the page holds it: no need to be refused again every poll.
        this.onlineRefusal = e;
      }
    }

    if (this.metricsRefusal) {
      // Asked once: the browser logs every refused fetch, and the scope will not change while the key does not.
      notes.push(this.metricsRefusal);
      setText('online-note', notes.join(' '));
      return;
    }

    try {
      const scrape = { at: Date.now(), samples: parsePrometheus(await this.api.metricsText()) };
      const stats = servingStats(this.previousScrape, scrape);
      this.previousScrape = scrape;
      setText('stat-rate', stats.clicksPerSecond === null ? '–' : `${stats.clicksPerSecond.toFixed(1)}/s`);
      setText('stat-batch', stats.meanBatchSize === null ? '–' : stats.meanBatchSize.toFixed(2));
      setText('stat-p50', stats.p50Ms === null ? '–' : `${stats.p50Ms.toFixed(1)} ms`);
      setText('stat-p99', stats.p99Ms === null ? '–' : `${stats.p99Ms.toFixed(1)} ms`);
      if (!stats.exported) {
        notes.push('This process runs no session grains (a gateway): click rate, batch size and latency are on the silos\u2019 /metrics.');
      }
    } catch (e) {
      notes.push(denied(e, 'Serving statistics (/metrics) need the metrics scope.'));
      if (e instanceof RpcError && (e.code === Code.PERMISSION_DENIED || e.code === Code.UNAUTHENTICATED)) {
        this.metricsRefusal = notes.at(-1);
      }
    }
    setText('online-note', notes.join(' '));
  }

  async loadModels() {
    const section = document.getElementById('models');
    try {
      const models = (await this.api.listModels()).models;
      this.admin = true;
      const head = row(['version', 'kind', 'created', 'items', 'offline recall@20', 'offline mrr@20', ''], 'th');
      section.querySelector('thead').replaceChildren(head);
      section.querySelector('tbody').replaceChildren(...models.map(m => {
        const created = m.createdAt ? new Date(m.createdAt.seconds * 1000).toLocaleString() : '';
        const tr = row([m.versionId, m.modelKind, created, m.itemCount, metric(m.metrics['recall@20']), metric(m.metrics['mrr@20']), '']);
        tr.dataset.version = m.versionId;
        const action = tr.lastElementChild;
        if (m.active) {
          tr.classList.add('active');
          action.textContent = 'active';
        } else {
          const button = document.createElement('button');
          button.type = 'button';
          button.dataset.activate = m.versionId;
          button.textContent = 'Activate';
          action.append(button);
        }
        return tr;
      }));
      setText('models-note', 'Activating swaps the model for the whole cluster without dropping a request; sessions replay their history under it on their next click.');
    } catch (e) {
      this.admin = false;
      section.querySelector('thead').replaceChildren();
      section.querySelector('tbody').replaceChildren();
      setText('models-note', denied(e, 'Model versions and their activation need the admin scope.'));
    }
  }

  async activate(versionId) {
    for (const button of document.querySelectorAll('button[data-activate]')) {
      button.disabled = true;
    }
    try {
      const model = await this.api.activateModel(versionId);
      document.getElementById('active-version').textContent = model.versionId;
    } catch (e) {
      this.report(e instanceof RpcError ? e.message : String(e));
    }
    await this.loadModels();
  }
}

function denied(error, whenDenied) {
  if (error instanceof RpcError && error.code === Code.PERMISSION_DENIED) {
    return whenDenied;
  }
  return error instanceof RpcError ? error.message : String(error);
}

function row(cells, tag = 'td') {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement(tag);
    td.textContent = String(cell);
    tr.append(td);
  }
  return tr;
}

function metric(value) {
  return value === undefined ? '–' : value.toFixed(4);
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

function formatDuration(duration) {
  const seconds = duration ? duration.seconds : 0;
  return seconds >= 60 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}
