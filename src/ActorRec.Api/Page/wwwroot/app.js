// Starts the page: asks for a credential when the server needs one, then runs both views.
import { Api, Code, RpcError } from './api.js';
import { SessionView } from './session.js';
import { OnlineView } from './online.js';

const message = document.getElementById('message');

function report(text) {
  message.textContent = text;
  message.hidden = !text;
}

function showView(name) {
  for (const view of document.querySelectorAll('[data-view]')) {
    view.hidden = view.dataset.view !== name;
  }
  for (const tab of document.querySelectorAll('[data-tab]')) {
    tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
  }
}

function route() {
  showView(location.hash === '#online' ? 'online' : 'session');
}

/** Resolves once the server accepts this tab's credential (none, on a loopback server without credentials). */
async function authorize(api) {
  const form = document.getElementById('credential-form');
  for (;;) {
    try {
      await api.searchItems('', 0, 1);
      form.hidden = true;
      return;
    } catch (e) {
      if (!(e instanceof RpcError) || e.code !== Code.UNAUTHENTICATED) {
        // Anything else (no model yet, no recommend scope) is the views' to show; the credential itself is fine.
        form.hidden = true;
        return;
      }
      form.hidden = false;
      document.getElementById('credential-note').textContent = api.hasCredential ? `The key was refused: ${e.detail}` : 'This server needs an API key or token.';
      api.setCredential(await new Promise(resolve => {
        form.addEventListener('submit', event => {
          event.preventDefault();
          resolve(document.getElementById('credential').value);
        }, { once: true });
      }));
    }
  }
}

async function main() {
  window.addEventListener('hashchange', route);
  route();
  const api = await Api.connect();
  const forget = document.getElementById('forget-credential');
  forget.addEventListener('click', () => {
    api.setCredential(null);
    location.reload();
  });
  await authorize(api);
  forget.hidden = !api.hasCredential;
  const session = new SessionView(api, report);
  const online = new OnlineView(api, report);
  online.start();
  try {
    await session.start();
  } catch (e) {
    report(e instanceof RpcError ? e.message : String(e));
  }
  document.body.dataset.ready = 'true';
}

main().catch(e => report(`The page could not start: ${e.message ?? e}`));
