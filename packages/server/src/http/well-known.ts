// /.well-known/assetlinks.json (Digital Asset Links for the configured Android apps),
// /.well-known/passkey-endpoints (W3C "A Well-Known URL for Relying Party Passkey Endpoints"),
// /.well-known/webauthn (WebAuthn L3 §5.11.1 Related Origin Requests, when related origins are configured) and
// /healthz.
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config.js';
import type { Store } from '../store/index.js';

export function assetLinks(config: ServerConfig): unknown[] {
  return config.androidApps.map((app) => ({
    relation: ['delegate_permission/common.handle_all_urls', 'delegate_permission/common.get_login_creds'],
    target: {
      namespace: 'android_app',
      package_name: app.packageName,
      sha256_cert_fingerprints: app.fingerprints,
    },
  }));
}

export function registerWellKnown(app: FastifyInstance, config: ServerConfig, store: Store): void {
  app.get('/.well-known/assetlinks.json', async (_request, reply) =>
    reply.type('application/json').send(assetLinks(config)),
  );
  app.get('/.well-known/passkey-endpoints', async (_request, reply) =>
    reply
      .type('application/json')
      .send({ enroll: config.passkeyEndpoints.enroll, manage: config.passkeyEndpoints.manage }),
  );
  // §5.11.1: {"origins": [...]}, JSON, at the RP ID's origin; only when related origins are configured
  const related = config.relatedOrigins ?? [];
  if (related.length > 0)
    app.get('/.well-known/webauthn', async (_request, reply) =>
      reply.type('application/json').send({ origins: related }),
    );
  app.get('/healthz', async () => {
    await store.settings.getOrCreate('health', () => 'ok');
    return { ok: true };
  });
}
