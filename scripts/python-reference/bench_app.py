"""The Python traffik 1.2.2 side of `scripts/compare-python`: a FastAPI app serving the same bench endpoints as
`traffik-demo bench-server`, configured the same way.

Environment: BENCH_BACKEND (memory | redis), BENCH_REDIS_URL, BENCH_STRATEGY (a traffik-swift strategy name),
BENCH_MODE (http | middleware).

- GET  /__bench__/health  -> "ok"
- POST /__bench__/reset?rate=L/Pms&strategy=NAME&on_error=POLICY  -> new throttles with that configuration, and
  the backend's counters cleared
- GET  /test              -> throttled, 200 or 429: by a FastAPI dependency (http), or by traffik's
  ThrottleMiddleware with a MiddlewareThrottle on GET /test (middleware)
- GET  /unthrottled       -> never throttled
- WS   /ws                -> each message is throttled by a WebSocketThrottle; an admitted one is answered
  {"echo": ..., "status": "ok"}, a refused one gets the throttle's own {"type": "rate_limit", ...} frame and nothing
  more (one reply per message, as on the Swift side)

The client is the X-Client-ID header when present, else the peer address. GCRA gets a burst tolerance of
(limit - 1) emission intervals, so that `limit` requests pass at once, as on the Swift side.
"""

import itertools
import json
import os

from fastapi import Depends, FastAPI, HTTPException, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import PlainTextResponse
from traffik import Rate
from traffik.middleware import MiddlewareThrottle, ThrottleMiddleware
from traffik.backends.inmemory import InMemoryBackend
from traffik.registry import ThrottleRegistry
from traffik.strategies import (
    GCRA,
    FixedWindow,
    LeakyBucket,
    LeakyBucketWithQueue,
    SlidingWindowCounter,
    SlidingWindowLog,
    TokenBucket,
    TokenBucketWithDebt,
)
from traffik.throttles import HTTPThrottle, WebSocketThrottle, is_throttled

STRATEGIES = {
    "fixed-window": lambda rate: FixedWindow(),
    "sliding-window-counter": lambda rate: SlidingWindowCounter(),
    "sliding-window-log": lambda rate: SlidingWindowLog(),
    "token-bucket": lambda rate: TokenBucket(),
    "token-bucket-with-debt": lambda rate: TokenBucketWithDebt(),
    "leaky-bucket": lambda rate: LeakyBucket(),
    "leaky-bucket-with-queue": lambda rate: LeakyBucketWithQueue(),
    "gcra": lambda rate: GCRA(burst_tolerance_ms=rate.expire / rate.limit * (rate.limit - 1)),
}


def make_backend():
    if os.environ.get("BENCH_BACKEND", "memory") == "redis":
        from traffik.backends.redis import RedisBackend

        url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
        return RedisBackend(url, namespace="benchpy", persistent=True)
    return InMemoryBackend(namespace="benchpy", persistent=True, number_of_shards=32)


async def identify(request: Request):
    client = request.headers.get("x-client-id")
    if client:
        return f"id:{client}"
    return request.client.host if request.client else "__anonymous__"


backend = make_backend()
app = FastAPI(lifespan=backend.lifespan)
generation = itertools.count()
state = {"throttle": None}


def build_throttle(rate: Rate, strategy: str, on_error: str, kind=HTTPThrottle):
    return kind(
        f"bench-{next(generation)}",
        rate=rate,
        strategy=STRATEGIES[strategy](rate),
        backend=backend,
        identifier=identify,
        on_error=on_error,
        registry=ThrottleRegistry(),
    )


def parse_rate(text: str) -> Rate:
    limit, period = text.split("/")
    if period.endswith("ms"):
        return Rate(limit=int(limit), milliseconds=int(period[:-2]))
    return Rate.parse(text)


def configure(rate: Rate, strategy: str, on_error: str) -> None:
    state["throttle"] = build_throttle(rate, strategy, on_error)
    state["ws"] = build_throttle(rate, strategy, on_error, kind=WebSocketThrottle)
    # The middleware keeps its MiddlewareThrottle; the throttle inside it is replaced.
    middleware_throttle.throttle = state["throttle"]


middleware_throttle = MiddlewareThrottle(
    build_throttle(Rate(limit=100, minutes=1), "fixed-window", "raise"), path="/test", methods={"GET"}
)
configure(Rate(limit=100, minutes=1), os.environ.get("BENCH_STRATEGY", "fixed-window"), "raise")
middleware_mode = os.environ.get("BENCH_MODE", "http") == "middleware"
if middleware_mode:
    app.add_middleware(ThrottleMiddleware, middleware_throttles=[middleware_throttle], backend=backend)


async def throttled(request: Request):
    if not middleware_mode:
        await state["throttle"](request)


@app.get("/__bench__/health", response_class=PlainTextResponse)
async def health():
    return "ok"


@app.post("/__bench__/reset", response_class=PlainTextResponse)
async def reset(rate: str = "100/60000ms", strategy: str = "fixed-window", on_error: str = "raise"):
    if strategy not in STRATEGIES or on_error not in ("allow", "throttle", "raise"):
        raise HTTPException(status_code=400, detail="bad strategy or on_error")
    configure(parse_rate(rate), strategy, on_error)
    await backend.reset()
    return "reset"


@app.get("/test", response_class=PlainTextResponse, dependencies=[Depends(throttled)])
async def test():
    return "ok"


@app.get("/unthrottled", response_class=PlainTextResponse)
async def unthrottled():
    return "ok"


@app.websocket("/ws")
async def ws(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive_text()
            await state["ws"](websocket)
            if is_throttled(websocket):
                continue  # the throttle's handler has sent the rate_limit frame
            await websocket.send_text(json.dumps({"echo": message, "status": "ok"}))
    except WebSocketDisconnect:
        pass
