"""One batching writer per process: many submissions, one write transaction.

SQLite allows one writer at a time, and a transaction per request spends most of its
time waiting for the lock and syncing. Requests instead put their submission on a
queue with a future and wait; a single task takes everything queued (up to
``max_batch``), writes it in one transaction, then resolves each future with its
outcome. A request therefore answers only after its answers are committed: an
acknowledged answer is never lost. If a batch fails, its items are retried one by one
so that one bad item cannot fail the others; a failure then reaches only its request.

The task starts lazily on first use, in the running event loop (tests do not run the
app lifespan), and ``close`` drains the queue on shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

logger = logging.getLogger("suara.writer")

MAX_BATCH = 200


class BatchWriter(Generic[Item, Result]):
    def __init__(
        self,
        write: Callable[[Sequence[Item]], Awaitable[Sequence[Result]]],
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._write = write
        self._max_batch = max_batch
        self._queue: asyncio.Queue[tuple[Item, asyncio.Future[Result]]] | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.batches = 0  # how many transactions were written (for tests and benchmarks)

    async def submit(self, item: Item) -> Result:
        """Queue one item and wait until it is committed; its outcome or its exception."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._task is None or self._task.done():
            self._start(loop)
        assert self._queue is not None
        future: asyncio.Future[Result] = loop.create_future()
        self._queue.put_nowait((item, future))
        # Shielded: a client that disconnects must not cancel a write others share.
        return await asyncio.shield(future)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._queue = asyncio.Queue()
        self._task = loop.create_task(self._run(self._queue), name="suara-batch-writer")

    async def _run(self, queue: asyncio.Queue[tuple[Item, asyncio.Future[Result]]]) -> None:
        while True:
            first = await queue.get()
            batch = [first]
            while len(batch) < self._max_batch and not queue.empty():
                batch.append(queue.get_nowait())
            await self._write_batch(batch)
            for _ in batch:
                queue.task_done()

    async def _write_batch(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        try:
            results = await self._write([item for item, _ in batch])
            self.batches += 1
        except Exception as error:
            if len(batch) == 1:
                logger.exception("writing a submission failed")
                _settle(batch[0][1], error=error)
                return
            logger.warning("a batch of %d failed (%s); retrying one by one", len(batch), error)
            for entry in batch:
                await self._write_batch([entry])
            return
        for (_, future), result in zip(batch, results, strict=True):
            _settle(future, result=result)

    async def close(self) -> None:
        """Write everything queued and stop the task.

        A later ``submit`` starts a fresh task, so an app that is shut down and started
        again in the same process (as tests do) keeps working.
        """
        if self._queue is not None and self._task is not None and not self._task.done():
            if self._loop is asyncio.get_running_loop():
                # Items queued while draining are written too: join waits for them all.
                await self._queue.join()
            self._task.cancel()
        self._task = None


def _settle(future: asyncio.Future, *, result=None, error: BaseException | None = None) -> None:
    if future.done():  # pragma: no cover - only when the waiting side vanished
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
