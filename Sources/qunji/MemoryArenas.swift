#if canImport(Glibc)
import Glibc
#endif

/// Limits glibc's malloc to two arenas unless `MALLOC_ARENA_MAX` says otherwise.
///
/// Why: glibc gives each thread that contends for the allocator an arena of its own, up to eight per core, and
/// memory freed in one arena is not reused by another. The server runs many threads (the event loops, Swift's
/// cooperative pool, one database thread per connection), so under load most of them end up with an arena and
/// the resident size grows with the thread count rather than with the work. Two arenas keep the resident size
/// near what the requests actually hold (measured in BENCHMARKS.md); allocation is not the bottleneck.
enum MemoryArenas {
    static func limit(environment: [String: String]) {
        #if canImport(Glibc)
        // `mallopt` is not in the Glibc module map (malloc.h is not part of it), so it is looked up by name.
        guard environment["MALLOC_ARENA_MAX"] == nil, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else {
            return
        }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let arenaMaximum: Int32 = -8  // M_ARENA_MAX in malloc.h
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaximum, 2)
        #endif
    }
}
