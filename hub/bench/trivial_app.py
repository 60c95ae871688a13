"""The baseline of ``hub bench gateway``: a trivial FastAPI endpoint, served like the gateway.

``python -m hub.bench.trivial_app PORT`` runs it with the same uvicorn
settings as ``hub gateway`` (one process, no access log), so the ratio
between the two measures the gateway's own work, not the server's.
"""

from __future__ import annotations

import sys

from fastapi import FastAPI

app = FastAPI()


@app.get("/trivial")
async def trivial() -> dict:
    return {"status": "ok"}


if __name__ == "__main__":  # pragma: no cover
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False,
                proxy_headers=False, server_header=False)
