extension ConnectionPool {
    /// Sizing and waiting rules of a pool.
    public struct Options: Sendable, Hashable {
        /// Most connections open at once, and the number of threads doing their blocking calls.
        /// Values below 1 are treated as 1.
        public var size: Int
        /// How long `withConnection` waits for a free connection before throwing `.poolTimeout`.
        public var acquireTimeout: Duration
        /// Session settings (`set_config`) applied to every new connection before first use, e.g.
        /// `["jit": "off"]` for a server whose statements are short and many.
        public var sessionSettings: [String: String]

        public init(size: Int = 8, acquireTimeout: Duration = .seconds(5), sessionSettings: [String: String] = [:]) {
            self.size = size
            self.acquireTimeout = acquireTimeout
            self.sessionSettings = sessionSettings
        }
    }

    /// A snapshot of the pool, for logs, metrics and tests.
    public struct Statistics: Sendable, Hashable, CustomStringConvertible {
        /// Connections that exist or are being opened (never more than `Options.size`).
        public var open: Int
        /// Open connections waiting in the pool.
        public var idle: Int
        /// Open connections checked out (or being opened) for a caller.
        public var inUse: Int
        /// Callers queued for a connection.
        public var waiting: Int

        public init(open: Int, idle: Int, inUse: Int, waiting: Int) {
            self.open = open
            self.idle = idle
            self.inUse = inUse
            self.waiting = waiting
        }

        public var description: String {
            "open=\(self.open) idle=\(self.idle) inUse=\(self.inUse) waiting=\(self.waiting)"
        }
    }
}
