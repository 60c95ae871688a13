"""``hub gateway``: run the OAuth2-secured HTTP API until Ctrl-C or SIGTERM.

Settings are built here, once: the hub's (Kafka, registry, data dir), the
gateway's (``HUB_GATEWAY_*``) and OAuth's (``HUB_OAUTH_*``). Several gateways
with the same settings behind a load balancer share nothing but Kafka.
"""

from __future__ import annotations

import argparse

from hub.embedded.runtime import resolve_endpoints
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gateway", help="run the HTTP gateway (publish, read, alerts, webhooks)")
    p.add_argument("--host", help="overrides HUB_GATEWAY_HOST")
    p.add_argument("--port", type=int, help="overrides HUB_GATEWAY_PORT (0 = any free port)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    import uvicorn

    from gateway.app import create_app
    from gateway.auth import AuthSettings, build_auth
    from gateway.settings import GatewaySettings
    from gateway.wiring import build_gateway

    gws = GatewaySettings.from_env(settings)
    if args.host or args.port is not None:
        gws = gws.model_copy(update={k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None})
    bootstrap, registry_url = resolve_endpoints(settings)
    auth = build_auth(AuthSettings.from_env(), settings.data_dir)
    app = create_app(build_gateway(settings, gws, auth, bootstrap, registry_url))
    uvicorn.run(app, host=gws.host, port=gws.port, log_level=settings.log_level.lower(), access_log=False,
                proxy_headers=False, server_header=False, timeout_graceful_shutdown=5)
    return 0
