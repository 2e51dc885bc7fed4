/**
 * A real OpenID Connect provider for the end-to-end tests (the `oidc-provider` package):
 * authorization code flow with PKCE required, a confidential client for Opsdeck, and three people
 * in different groups. Groups are requested through a scope, so with oidc-provider's default
 * `conformIdTokenClaims` they are only in userinfo, never in the ID token — the harder case.
 * The login page is ours (a name field and a button) so no page loads anything from the network.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import Provider, { type Configuration } from "oidc-provider";

export const IDP_CLIENT = { id: "opsdeck-e2e", secret: randomBytes(24).toString("base64url") };

/** The people the IdP knows, by login name. */
export const IDP_PEOPLE = {
  alice: { name: "Alice Admin", email: "alice@example.test", groups: ["ops-admins", "staff"] },
  bob: { name: "Bob Operator", email: "bob@example.test", groups: ["ops"] },
  carol: { name: "Carol Marketing", email: "carol@example.test", groups: ["marketing"] },
} as const;

/** What Opsdeck's OIDC_ROLE_MAP is set to against this IdP. */
export const IDP_ROLE_MAP = "ops-admins=admin,ops=operator,staff=viewer";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startOidcProvider(options: { port: number; redirectUri: string }): Promise<{ issuer: string; close(): Promise<void> }> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true },
    scopes: ["openid", "profile", "email", "groups"],
    claims: { openid: ["sub"], profile: ["name"], email: ["email"], groups: ["groups"] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // First-party client: consent is implied, so the only interaction is the login.
    async loadExistingGrant(ctx) {
      const { provider, client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return provider.Grant.find(existing);
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid profile email groups");
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    async findAccount(_ctx, id) {
      const person = IDP_PEOPLE[id as keyof typeof IDP_PEOPLE];
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...person, groups: [...person.groups] }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const server = createServer(async (req, res) => {
    const match = req.url?.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!match) return callback(req, res);
    try {
      if (req.method === "POST" && match[2]) {
        const login = (await formBody(req)).get("login") ?? "";
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
      const details = await provider.interactionDetails(req, res);
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Test IdP sign-in</title></head>
<body><main><h1>Test identity provider</h1>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
<label>Login <input name="login" required autofocus></label>
<button type="submit">Sign in to the IdP</button></form></main></body></html>`);
    } catch (error) {
      res.statusCode = 400;
      res.end(`interaction failed: ${escapeHtml((error as Error).message)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  return {
    issuer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
