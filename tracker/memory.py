"""Process-wide allocator settings for a server that holds a whole cohort's frames in memory.

Reading 100,000 applications allocates and frees hundreds of megabytes of short-lived
arrays. Two allocators would keep much of it as resident memory the process no longer
uses: pyarrow's default pool (mimalloc keeps freed segments for reuse) and glibc's malloc
(after a big block is freed, its dynamic threshold serves the next big blocks from the heap,
which cannot shrink past a block still in use). ``tune_allocators`` makes both give freed
big blocks back to the system; on 100,000 applications it lowers the peak by about 90 MiB.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's default, made fixed: blocks above it are mmap'ed

_done = False
_lock = threading.Lock()
_libc: ctypes.CDLL | None = None


def tune_allocators() -> bool:
    """Apply the settings once per process; True when this call applied them."""
    global _done
    with _lock:
        if _done:
            return False
        _done = True
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())  # pandas' text columns are Arrow arrays
    global _libc
    name = ctypes.util.find_library("c")
    if name:
        try:
            libc = ctypes.CDLL(name)
            libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
            _libc = libc if hasattr(libc, "malloc_trim") else None
        except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
            pass
    return True


RELEASE_ABOVE_ROWS = 20_000  # smaller reads leave too little free memory to be worth a trim


def release_free_memory(rows: int | None = None) -> None:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``), after a
    frame was read whole: the rows' Python objects, freed a batch at a time, leave tens of
    MiB of free memory scattered through the heap that it could not hand back (on 100,000
    applications, ~30 MiB per big frame). ``rows``: how many rows were read or computed
    on (nothing is done below ``RELEASE_ABOVE_ROWS``). A no-op without glibc or before
    ``tune_allocators``."""
    if _libc is not None and (rows is None or rows >= RELEASE_ABOVE_ROWS):
        _libc.malloc_trim(0)
