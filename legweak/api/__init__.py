"""The HTTP API (FastAPI, versioned under /v1) over the service and the interview store."""

from legweak.api.app import create_app, from_env

__all__ = ["create_app", "from_env"]
