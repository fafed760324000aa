// A FHIR R4 server on localhost for tests/fhir_server.rs: Medplum's FHIR
// router over its in-memory repository, behind Node's http module. It
// listens on a free port of 127.0.0.1, prints that port on its first line,
// and stops when its standard input closes (when the test that started it
// ends, however it ends).
//
// The in-memory repository answers a search by testing every resource of the
// type; a transaction of 40,000 conditional updates would then take hours.
// Searches by one identifier (the only kind a conditional update of caseload
// makes) are answered from an index kept as resources are written; any other
// search goes to the repository as it is.

import http from 'node:http';

// Medplum's client (in @medplum/core, which the router imports) names
// WebSocket when it loads; Node 20 has none unless asked. This server never opens one.
globalThis.WebSocket ??= class WebSocket {};
const { getStatus } = await import('@medplum/core');
const { BatchProcessor, FhirRouter, MemoryRepository, makeSimpleRequest } = await import('@medplum/fhir-router');

/** `system|value` of a token search, FHIR's backslash escapes undone. */
function splitToken(token) {
  let system = null;
  let current = '';
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === '\\' && i + 1 < token.length) {
      current += token[++i];
    } else if (c === '|' && system === null) {
      system = current;
      current = '';
    } else {
      current += c;
    }
  }
  return system === null ? null : [system, current];
}

const key = (type, system, value) => `${type}\u0000${system}\u0000${value}`;

class IndexedRepository extends MemoryRepository {
  byIdentifier = new Map();

  async createResource(resource, options, update) {
    const saved = await super.createResource(resource, options, update);
    for (const identifier of [].concat(saved.identifier ?? [])) {
      this.byIdentifier.set(key(saved.resourceType, identifier.system, identifier.value), saved.id);
    }
    return saved;
  }

  async search(request, options) {
    const filters = request.filters ?? [];
    const only = filters.length === 1 && filters[0];
    const plain = !request.include && !request.revInclude && !request.sortRules?.length;
    const token = only && only.code === 'identifier' && only.operator === 'eq' && plain && splitToken(only.value);
    if (!token) {
      return super.search(request, options);
    }
    const id = this.byIdentifier.get(key(request.resourceType, token[0], token[1]));
    const entry = [];
    if (id !== undefined) {
      entry.push({ search: { mode: 'match' }, resource: await this.readResource(request.resourceType, id) });
    }
    return { resourceType: 'Bundle', type: 'searchset', entry: entry.length ? entry : undefined, total: entry.length };
  }
}

/**
 * A transaction of any size. Medplum's router caps a transaction at 50
 * updates, and at 8 entries when any is conditional, for the isolation its
 * PostgreSQL server needs; one JavaScript thread over memory needs none. What
 * a transaction means (urn:uuid fullUrls resolved, conditional updates
 * matched, every entry or none) is the router's own code.
 */
class WholeTransaction extends BatchProcessor {
  async preprocess() {
    this.bundleInfo = await this.preprocessBundle();
  }
}

const router = new FhirRouter();
const repo = new IndexedRepository();

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    let status = 500;
    let body;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      const request = makeSimpleRequest(req.method, req.url.replace(/^\/+/, ''), text ? JSON.parse(text) : undefined);
      request.config = { transactions: true };
      if (req.method === 'POST' && request.url === '' && request.body?.type === 'transaction') {
        body = await new WholeTransaction(router, repo, request.body, request).run();
        status = 200;
      } else {
        const [outcome, resource] = await router.handleRequest(request, repo);
        status = getStatus(outcome);
        body = resource ?? outcome;
      }
    } catch (error) {
      body = error.outcome ?? { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: String(error) }] };
      status = error.outcome ? getStatus(error.outcome) : 500;
    }
    const json = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/fhir+json', 'Content-Length': Buffer.byteLength(json), Connection: 'close' });
    res.end(json);
  });
});

server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
