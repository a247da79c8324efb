"""Hand memory freed while reading a large firm file back to the system (issue 19: peak memory of a 1M screening).

Reading a 1M-row CSV builds an all-string Arrow grid (≈ 300 MB: ``large_string`` offsets of 30 columns) and the
validation's temporaries; once they are freed, the Arrow pool (mimalloc) and glibc's heap keep the pages for reuse
(measured: 1,120 MB resident after ``read_firms`` of which ≈ 650 MB were free pages). The scoring that follows
allocates through numpy (glibc), so the pool's pages would never be used again; giving them back lowers the peak of
the whole run. Both calls only release memory that is already free: no value changes.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys


def give_back() -> None:
    """Release the Arrow pool's unused pages (if pyarrow is loaded) and trim glibc's heap (``malloc_trim``; a
    no-op where there is no glibc)."""
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        with contextlib.suppress(Exception):
            pa.default_memory_pool().release_unused()
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
