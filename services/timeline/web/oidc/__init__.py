"""Signing in through the municipality's identity provider over OpenID Connect (issue 23).

Off unless `OIDC_ISSUER` is set; the pasted development token keeps working beside it. The
provider proves who someone is; the platform then issues its own session token (signed with
`AUTH_SIGNING_KEY`, the claims of deploy/oidc.md) into the same cookie a pasted token goes in,
so every page and service verifies one kind of token as before.

- `settings.py`: the `OIDC_*` settings, refused at start-up when unsafe;
- `protocol.py`: the pure parts: PKCE, the signed flow cookie, the ID token's verification;
- `provider.py`: the provider over HTTP: discovery, its keys (JWKS), the code exchange;
- `identities.py`: a young person's BSN to their youth id, asked of intake;
- `routes.py`: `/mijn/inloggen/oidc`, `/mijn/inloggen/terug`, `/ui/inloggen/oidc`,
  `/ui/inloggen/terug`.
"""
