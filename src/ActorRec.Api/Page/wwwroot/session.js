// View 1, "Session": browse the catalogue, click items into a session, and see its top-k after every click.
import { Code, RpcError, durationMs } from './api.js';

const SESSION_STORAGE = 'actorrec.session';
const PAGE_SIZE = 20;

export class SessionView {
  /** @param {import('./api.js').Api} api @param {(text: string) => void} report shows a problem to the user */
  constructor(api, report) {
    this.api = api;
    this.report = report;
    this.query = '';
    this.offset = 0;
    this.seq = 0;
    this.history = [];
    this.busy = Promise.resolve();
    this.sessionId = sessionStorage.getItem(SESSION_STORAGE) ?? newSessionId();
    sessionStorage.setItem(SESSION_STORAGE, this.sessionId);

    const query = document.getElementById('catalog-query');
    let typing;
    query.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.search(query.value.trim(), 0), 250);
    });
    document.getElementById('catalog-previous').addEventListener('click', () => this.search(this.query, Math.max(0, this.offset - PAGE_SIZE)));
    document.getElementById('catalog-next').addEventListener('click', () => this.search(this.query, this.offset + PAGE_SIZE));
    document.getElementById('new-session').addEventListener('click', () => this.restart());
    for (const list of [document.getElementById('catalog-items'), document.getElementById('recommendations')]) {
      list.addEventListener('click', event => {
        const button = event.target.closest('button[data-item]');
        if (button) {
          this.click(button.dataset.item);
        }
      });
    }
  }

  /** Loads the first catalogue page and the session's current answer (a session survives a reload of the tab). */
  async start() {
    await this.search('', 0);
    const answer = await this.api.recommendations(this.sessionId);
    this.seq = answer.seq;
    this.show(answer, null);
  }

  async search(query, offset) {
    try {
      const page = await this.api.searchItems(query, offset, PAGE_SIZE);
      this.query = query;
      this.offset = offset;
      const list = document.getElementById('catalog-items');
      list.replaceChildren(...page.itemIds.map((id, i) => {
        const item = document.createElement('li');
        item.append(itemButton(id));
        const category = page.categories?.[i];
        if (category) {
          const label = document.createElement('span');
          label.className = 'category';
          label.textContent = category;
          item.append(' ', label);
        }
        return item;
      }));
      const last = offset + page.itemIds.length;
      document.getElementById('catalog-summary').textContent = page.totalMatches === 0
        ? `no item id or category contains “${query}” (${page.itemCount} items in model ${page.modelVersion})`
        : `items ${offset + 1}–${last} of ${page.totalMatches}${query ? ` matching “${query}”` : ''} · ${page.itemCount} in the model`;
      document.getElementById('catalog-previous').disabled = offset === 0;
      document.getElementById('catalog-next').disabled = last >= page.totalMatches;
    } catch (e) {
      this.fail(e);
    }
  }

  /** Clicks one at a time: each click must carry the next seq, so a second waits for the first. */
  click(itemId) {
    this.busy = this.busy.then(() => this.#click(itemId));
    return this.busy;
  }

  async #click(itemId) {
    const started = performance.now();
    try {
      const answer = await this.api.click(this.sessionId, this.seq + 1, itemId);
      this.seq = answer.seq;
      this.history.push(itemId);
      this.report('');
      this.show(answer, performance.now() - started);
    } catch (e) {
      if (e instanceof RpcError && e.code === Code.ABORTED) {
        // Out of step with the server (another tab clicked this session): take its seq, and the user clicks again.
        this.seq = (await this.api.recommendations(this.sessionId)).seq;
      }
      this.fail(e);
    }
  }

  async restart() {
    await this.busy;
    this.sessionId = newSessionId();
    sessionStorage.setItem(SESSION_STORAGE, this.sessionId);
    this.history = [];
    try {
      const answer = await this.api.recommendations(this.sessionId);
      this.seq = answer.seq;
      this.show(answer, null);
    } catch (e) {
      this.fail(e);
    }
  }

  show(answer, roundTripMs) {
    document.getElementById('session-id').textContent = this.sessionId;
    const history = document.getElementById('session-history');
    history.replaceChildren(...this.history.map(id => {
      const chip = document.createElement('li');
      chip.textContent = id;
      return chip;
    }));
    if (this.history.length === 0) {
      const hint = document.createElement('li');
      hint.className = 'hint';
      hint.textContent = answer.seq > 0 ? `${answer.seq} earlier clicks` : 'no clicks yet: pick an item from the catalogue or the list';
      history.append(hint);
    }

    const top = Math.max(...answer.items.map(i => i.score), 0);
    const bottom = Math.min(...answer.items.map(i => i.score), 0);
    const list = document.getElementById('recommendations');
    list.dataset.seq = String(answer.seq);
    list.dataset.modelVersion = answer.modelVersion;
    list.replaceChildren(...answer.items.map(item => {
      const row = document.createElement('li');
      row.dataset.item = item.itemId;
      row.dataset.score = String(item.score);
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${top > bottom ? (100 * (item.score - bottom) / (top - bottom)).toFixed(1) : 100}%`;
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = item.score.toFixed(4);
      row.append(itemButton(item.itemId), score, bar);
      return row;
    }));

    const server = durationMs(answer.serverLatency);
    const parts = [`seq ${answer.seq}`, `model ${answer.modelVersion}`];
    if (server !== null) {
      parts.push(`server ${server.toFixed(1)} ms`);
    }
    if (roundTripMs !== null) {
      parts.push(`round trip ${roundTripMs.toFixed(1)} ms`);
    }
    if (answer.batchSize > 0) {
      parts.push(`batch of ${answer.batchSize}`);
    }
    if (answer.unknownItem) {
      parts.push('item unknown to the model');
    }
    if (answer.replayed) {
      parts.push('replayed under a new model');
    }
    document.getElementById('session-status').textContent = parts.join(' · ');
    document.getElementById('active-version').textContent = answer.modelVersion;
  }

  fail(error) {
    this.report(error instanceof RpcError ? error.message : String(error));
  }
}

function itemButton(id) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'item';
  button.dataset.item = id;
  button.textContent = id;
  button.title = `click ${id}`;
  return button;
}

function newSessionId() {
  // getRandomValues, not randomUUID: the page may be served over plain http to another machine, not a secure context.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `page-${[...bytes].map(b => b.toString(16).padStart(2, '0')).join('')}`;
}
