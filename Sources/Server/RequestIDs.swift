import Synchronization

/// New request ids: a random prefix drawn once per process and a counter, e.g. `3f9c1a7e52d0-00000000002a`.
///
/// Why not a UUID per request: ids only need to be unique (across restarts too, hence the random prefix), not
/// unguessable, and formatting a Foundation UUID cost about 1% of a request's CPU in profiles.
enum RequestIDs {
    private static let prefix: String = {
        let random = UInt64.random(in: 0...(1 << 48 - 1))
        return hex(random, width: 12)
    }()
    private static let counter = Atomic<UInt64>(0)

    static func next() -> String {
        let (value, _) = counter.add(1, ordering: .relaxed)
        return prefix + "-" + hex(value, width: 12)
    }

    private static func hex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
