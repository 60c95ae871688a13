"""The gateway's routes, one module per resource; each exposes ``build_router()``."""
