/* global document, sessionStorage */
// The page's CredkitClient, and the visible "Signals sent" log: every signal outcome is kept in sessionStorage
// (so it survives moving between pages) and listed on the page.
import { CredkitClient } from '/lib/index.js';

const LOG_KEY = 'credkit.signalLog';
const BUDGET_KEY = 'credkit.signalBudget';
const METHODS = {
  unknownCredential: 'signalUnknownCredential',
  allAcceptedCredentials: 'signalAllAcceptedCredentials',
  currentUserDetails: 'signalCurrentUserDetails',
};

function readLog() {
  try {
    return JSON.parse(sessionStorage.getItem(LOG_KEY) ?? '[]');
  } catch {
    return [];
  }
}

function summary(event) {
  const o = event.options;
  switch (event.kind) {
    case 'unknownCredential':
      return `forget credential ${o.credentialId}`;
    case 'allAcceptedCredentials':
      return `${o.allAcceptedCredentialIds.length} accepted credential(s): ${o.allAcceptedCredentialIds.join(', ') || 'none'}`;
    case 'currentUserDetails':
      return `name "${o.name}", display name "${o.displayName}"`;
  }
  return '';
}

const OUTCOMES = {
  sent: 'sent',
  failed: 'failed',
  unsupported: 'not supported by this browser',
  deferred: 'waiting (over the budget of 10 per 2 minutes)',
  coalesced: 'replaced by a newer signal',
};

function renderLog() {
  const list = document.getElementById('signal-log');
  if (!list) return;
  const entries = readLog();
  list.replaceChildren(
    ...entries.map((e) => {
      const li = document.createElement('li');
      li.dataset.method = e.method;
      li.dataset.outcome = e.outcome;
      const time = document.createElement('time');
      time.dateTime = new Date(e.at).toISOString();
      time.textContent = new Date(e.at).toLocaleTimeString();
      const method = document.createElement('code');
      method.textContent = `PublicKeyCredential.${e.method}`;
      const text = document.createElement('span');
      text.textContent = ` ${OUTCOMES[e.outcome] ?? e.outcome}${e.error ? ` (${e.error})` : ''}: ${e.summary}`;
      li.append(time, ' ', method, text);
      return li;
    }),
  );
  if (entries.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'No signals yet.';
    list.append(li);
  }
}

function recordSignal(event) {
  const entries = readLog();
  entries.push({
    at: event.at,
    method: METHODS[event.kind],
    outcome: event.outcome,
    error: event.error,
    summary: summary(event),
  });
  sessionStorage.setItem(LOG_KEY, JSON.stringify(entries.slice(-50)));
  renderLog();
}

export const client = new CredkitClient({
  signals: {
    onEvent: recordSignal,
    budgetStore: {
      load: () => JSON.parse(sessionStorage.getItem(BUDGET_KEY) ?? '[]'),
      save: (sentAt) => sessionStorage.setItem(BUDGET_KEY, JSON.stringify(sentAt)),
    },
  },
});

/** Renders the log and the capability line, and wires the clear button. */
export async function setUpSignalLog() {
  renderLog();
  document.getElementById('signal-log-clear')?.addEventListener('click', () => {
    sessionStorage.removeItem(LOG_KEY);
    renderLog();
  });
  const caps = await client.capabilities();
  const yes = (b) => (b ? 'yes' : 'no');
  const line = document.getElementById('capabilities');
  if (line) {
    line.textContent =
      `This browser: passkeys ${yes(caps.webauthn)}, autofill ${yes(caps.conditionalGet)}, ` +
      `automatic upgrade ${yes(caps.conditionalCreate)}, signals ${yes(
        caps.signalUnknownCredential && caps.signalAllAcceptedCredentials && caps.signalCurrentUserDetails,
      )}.`;
  }
  return caps;
}
