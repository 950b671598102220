import Foundation

/// Where and how the HTTP server listens, and the limits it applies to requests.
///
/// Build it from command-line flags and the environment with
/// ``ServerConfiguration/init(host:port:maximumBodySize:corsAllowedOrigin:environment:)``: a flag wins over
/// its environment variable, which wins over the default.
public struct ServerConfiguration: Sendable, Equatable {
    /// Default bind address: loopback only, so a demo is not exposed to the network by accident.
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    /// Default request body limit (1 MiB): far above any real GraphQL document with variables, small enough
    /// that a hostile client cannot make the server buffer much.
    public static let defaultMaximumBodySize = 1 << 20
    /// Default metrics listener: loopback, on the port OpenTelemetry's Prometheus exporter uses, so scrapers
    /// on the same machine (or a sidecar) reach it and the public network does not.
    public static let defaultMetricsHost = "127.0.0.1"
    public static let defaultMetricsPort = 9464
    /// Default time a request body may take to arrive: generous for any real client on a slow link, short
    /// enough that trickling bodies cannot hold connections for long.
    public static let defaultBodyTimeout = Duration.seconds(10)

    /// Environment variable names, in one place for `--help` texts and the README.
    public enum EnvironmentKey {
        public static let host = "QUNJI_HOST"
        public static let port = "QUNJI_PORT"
        public static let maximumBodySize = "QUNJI_MAX_BODY_BYTES"
        public static let corsAllowedOrigin = "QUNJI_CORS_ORIGIN"
        public static let anonymousCacheMaxAge = "QUNJI_CACHE_MAX_AGE"
        public static let metricsHost = "QUNJI_METRICS_HOST"
        public static let metricsPort = "QUNJI_METRICS_PORT"
        public static let bodyTimeout = "QUNJI_BODY_TIMEOUT"
        public static let maximumConcurrentPerClient = "QUNJI_MAX_CONCURRENT_PER_CLIENT"
        public static let maximumLivePerClient = "QUNJI_MAX_LIVE_PER_CLIENT"
        public static let maximumLive = "QUNJI_MAX_LIVE"
        public static let trustedProxies = "QUNJI_TRUSTED_PROXIES"
    }

    /// Host name or IP address to bind.
    public var host: String
    /// TCP port; 0 lets the system choose (the chosen port is reported to `onServerRunning`).
    public var port: Int
    /// Largest accepted request body, in bytes; larger POSTs get 413.
    public var maximumBodySize: Int
    /// The origins allowed to call the API from a browser page served elsewhere (CORS), comma-separated, e.g.
    /// `https://dashboard.gz.gov.cn,https://studio.example.org`, or `*` for any. nil: no CORS headers (the
    /// built-in explorer is same-origin and does not need them).
    public var corsAllowedOrigin: String?
    /// `max-age` (seconds) of GET answers to anonymous requests: how long browsers and shared caches may
    /// reuse the public dashboard's answers without asking again.
    public var anonymousCacheMaxAge: Int = 60
    /// Where `/metrics` is served: a listener of its own, as Prometheus exporters have, so the public port
    /// gives nothing of the server's internals away. nil port: no metrics listener.
    public var metricsHost: String = ServerConfiguration.defaultMetricsHost
    public var metricsPort: Int? = ServerConfiguration.defaultMetricsPort
    /// Requests one client (credential subject, or address) may have executing at once; more wait in a
    /// queue of `clientQueueLimit` for up to `clientMaximumWait`, past which they get 429 `RATE_LIMITED`.
    public var maximumConcurrentPerClient = 4
    /// Live operations (subscriptions and `@live` queries, over WebSocket and Server-Sent Events together) one client may
    /// hold open. The dashboard holds one per panel (nine with a key), so the default leaves room for a second tab; a
    /// live operation's executions are shared with every subscriber asking the same, so the cap bounds a client's
    /// memory and tasks rather than the database's work.
    public var maximumLivePerClient = 16
    /// Live operations all clients together may hold open: about 3 KiB each (BENCHMARKS.md), so the default 4,096 is
    /// about 12 MiB, and each change costs at most one statement per distinct request among them.
    public var maximumLive = 4096
    public var clientQueueLimit = 32
    public var clientMaximumWait = Duration.seconds(5)
    /// Addresses of reverse proxies in front of the server: for requests from them, the client address for
    /// fair use is taken from `X-Forwarded-For`. Empty: the connection's peer is the client.
    public var trustedProxies: Set<String> = []
    /// How long a request body may take to arrive in full; then 408 and the connection is closed.
    public var bodyTimeout: Duration = ServerConfiguration.defaultBodyTimeout
    /// Path of the GraphQL endpoint.
    public var graphQLPath: String
    /// Value of the `Server` response header, nil for none.
    public var serverName: String?

    public init(
        host: String = ServerConfiguration.defaultHost,
        port: Int = ServerConfiguration.defaultPort,
        maximumBodySize: Int = ServerConfiguration.defaultMaximumBodySize,
        corsAllowedOrigin: String? = nil,
        graphQLPath: String = "/graphql",
        serverName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.maximumBodySize = maximumBodySize
        self.corsAllowedOrigin = corsAllowedOrigin
        self.graphQLPath = graphQLPath
        self.serverName = serverName
    }

    /// Resolves each setting from its flag (non-nil wins), then its environment variable, then the default,
    /// and checks the result.
    ///
    /// - Parameter environment: usually `ProcessInfo.processInfo.environment`; passed in so tests and the
    ///   CLI decide what is read.
    /// - Throws: ``ServerConfigurationError`` naming the flag or variable with a bad value.
    public init(
        host: String? = nil,
        port: Int? = nil,
        maximumBodySize: Int? = nil,
        corsAllowedOrigin: String? = nil,
        metricsHost: String? = nil,
        metricsPort: Int? = nil,
        environment: [String: String]
    ) throws(ServerConfigurationError) {
        func nonEmpty(_ key: String) -> String? {
            guard let value = environment[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        func integer(_ key: String) throws(ServerConfigurationError) -> Int? {
            guard let text = nonEmpty(key) else { return nil }
            guard let value = Int(text) else { throw .invalid(key, text, "not an integer") }
            return value
        }
        /// `key`'s whole number, or `fallback`, refused outside `range`.
        func bounded(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(ServerConfigurationError) -> Int {
            let value = try integer(key) ?? fallback
            guard range.contains(value) else {
                throw .invalid(key, String(value), "must be between \(range.lowerBound) and \(range.upperBound)")
            }
            return value
        }

        let resolvedHost = host ?? nonEmpty(EnvironmentKey.host) ?? Self.defaultHost
        guard !resolvedHost.isEmpty else { throw .invalid("--host", resolvedHost, "empty host") }

        let resolvedPort: Int
        if let port {
            resolvedPort = port
            guard (0...65535).contains(port) else { throw .invalid("--port", String(port), "not in 0...65535") }
        } else {
            let fromEnvironment = try integer(EnvironmentKey.port)
            resolvedPort = fromEnvironment ?? Self.defaultPort
            guard (0...65535).contains(resolvedPort) else {
                throw .invalid(EnvironmentKey.port, String(resolvedPort), "not in 0...65535")
            }
        }

        // Not `??` with `try` inside: its autoclosure would erase the typed error.
        var resolvedBodySize = Self.defaultMaximumBodySize
        if let maximumBodySize {
            resolvedBodySize = maximumBodySize
        } else if let fromEnvironment = try integer(EnvironmentKey.maximumBodySize) {
            resolvedBodySize = fromEnvironment
        }
        guard resolvedBodySize > 0 else {
            throw .invalid(maximumBodySize != nil ? "--max-body-bytes" : EnvironmentKey.maximumBodySize,
                           String(resolvedBodySize), "must be positive")
        }

        let origin = corsAllowedOrigin.flatMap { $0.isEmpty ? nil : $0 } ?? nonEmpty(EnvironmentKey.corsAllowedOrigin)
        let maxAge = try integer(EnvironmentKey.anonymousCacheMaxAge) ?? 60
        guard (0...86_400).contains(maxAge) else {
            throw .invalid(EnvironmentKey.anonymousCacheMaxAge, String(maxAge), "must be between 0 and 86400 seconds")
        }

        let resolvedMetricsHost = metricsHost ?? nonEmpty(EnvironmentKey.metricsHost) ?? Self.defaultMetricsHost
        var resolvedMetricsPort = Self.defaultMetricsPort
        if let metricsPort {
            resolvedMetricsPort = metricsPort
        } else if let fromEnvironment = try integer(EnvironmentKey.metricsPort) {
            resolvedMetricsPort = fromEnvironment
        }
        guard (-1...65535).contains(resolvedMetricsPort) else {
            throw .invalid(metricsPort != nil ? "--metrics-port" : EnvironmentKey.metricsPort, String(resolvedMetricsPort),
                           "not in 0...65535 (or -1 for no metrics listener)")
        }
        let timeoutSeconds = try integer(EnvironmentKey.bodyTimeout) ?? Int(Self.defaultBodyTimeout.components.seconds)
        guard (1...600).contains(timeoutSeconds) else {
            throw .invalid(EnvironmentKey.bodyTimeout, String(timeoutSeconds), "must be between 1 and 600 seconds")
        }

        self.init(host: resolvedHost, port: resolvedPort, maximumBodySize: resolvedBodySize, corsAllowedOrigin: origin)
        self.anonymousCacheMaxAge = maxAge
        self.metricsHost = resolvedMetricsHost
        self.metricsPort = resolvedMetricsPort < 0 ? nil : resolvedMetricsPort
        self.bodyTimeout = .seconds(timeoutSeconds)
        self.maximumConcurrentPerClient = try bounded(EnvironmentKey.maximumConcurrentPerClient, 4, 1...1024)
        self.maximumLivePerClient = try bounded(EnvironmentKey.maximumLivePerClient, 16, 1...1024)
        self.maximumLive = try bounded(EnvironmentKey.maximumLive, 4096, 1...65_536)
        self.trustedProxies = Set((nonEmpty(EnvironmentKey.trustedProxies) ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// The metrics URL to print at start-up.
    public func metricsURL(port boundPort: Int) -> String {
        let shownHost = metricsHost.contains(":") ? "[\(metricsHost)]" : metricsHost
        return "http://\(shownHost):\(boundPort)/metrics"
    }

    /// The endpoint URL to print at start-up (with the port actually bound when it was 0).
    public func graphQLURL(port boundPort: Int? = nil) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host  // IPv6 literal
        return "http://\(shownHost):\(boundPort ?? port)\(graphQLPath)"
    }
}

/// A server setting with a value that cannot be used.
public enum ServerConfigurationError: Error, CustomStringConvertible, Equatable {
    /// `source` is the flag or environment variable, `value` what it held.
    case invalid(_ source: String, _ value: String, _ reason: String)

    public var description: String {
        switch self {
        case .invalid(let source, let value, let reason): "invalid \(source) \"\(value)\": \(reason)"
        }
    }
}
