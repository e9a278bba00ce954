#ifndef FAULTLINE_PREFETCH_H
#define FAULTLINE_PREFETCH_H

/// Asks the processor to bring the cache line at `address` closer, without waiting for it:
/// Swift has no prefetch, and a plain load that the program uses later stalls the pipeline
/// once the reorder buffer fills behind it.
static inline void faultline_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

#endif
