// The kernel's readiness interfaces, which the Swift overlay for glibc does not export: epoll and eventfd on Linux.
// Used by the Postgres module's socket reactor; nothing to link (they are in libc).
#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
