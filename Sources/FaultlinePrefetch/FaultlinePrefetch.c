// The target's only function is inline, in include/FaultlinePrefetch.h; SwiftPM needs a source.
#include "FaultlinePrefetch.h"
