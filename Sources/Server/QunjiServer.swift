import Auth
import Engine
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Planner
import ServiceLifecycle

/// The qunji HTTP server: GraphQL over HTTP on ``ServerConfiguration/graphQLPath``, `/healthz`, `/readyz`,
/// and the explorer page, in front of any ``GraphQLExecuting`` (in production, the compiler's
/// `QueryService`).
///
/// ```swift
/// let configuration = try ServerConfiguration(host: flags.host, port: flags.port,
///                                             environment: ProcessInfo.processInfo.environment)
/// let server = QunjiServer(executor: queryService, configuration: configuration, logger: logger)
/// try await server.run()   // returns after SIGTERM/SIGINT once in-flight requests have finished
/// ```
///
/// Thread safety: an immutable value; the application it builds serves requests concurrently and only
/// shares the executor, which is `Sendable`.
public struct QunjiServer<Executor: GraphQLExecuting>: Sendable {
    public let executor: Executor
    public let configuration: ServerConfiguration
    public let logger: Logger
    /// Turns `Authorization` headers into principals; the default accepts no credentials (everyone is anonymous).
    public let authenticator: Authenticator
    /// Persisted queries and trusted documents (automatic persisted queries by default).
    public let persisted: PersistedDocuments
    /// Metrics, served at `/metrics` on the metrics listener (``ServerConfiguration/metricsPort``); nil: none.
    public let metrics: ServerMetrics?
    /// Pages from `web/` (the dashboard at `/dashboard`).
    public let pages: WebPages
    /// Live queries open per client, over Server-Sent Events and WebSocket together.
    let streams: StreamGate

    public init(executor: Executor, configuration: ServerConfiguration, logger: Logger,
                authenticator: Authenticator = Authenticator(pool: nil, tokens: nil),
                persisted: PersistedDocuments = PersistedDocuments(), metrics: ServerMetrics? = nil,
                pages: WebPages = WebPages()) {
        self.executor = executor
        self.configuration = configuration
        self.streams = StreamGate(limitPerClient: configuration.maximumLivePerClient, limit: configuration.maximumLive)
        self.logger = logger
        self.authenticator = authenticator
        self.persisted = persisted
        self.metrics = metrics
        self.pages = pages
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: the listening socket closes at once,
    /// idle connections are closed, and requests in flight run to completion before this returns (Hummingbird's
    /// ServiceLifecycle integration). Stop anything the executor depends on (pool, embedded database) after it
    /// returns, not before.
    ///
    /// - Parameter onListening: called once the socket is bound, with the port actually bound (useful with
    ///   port 0). A log line with the endpoint URL is written in any case.
    /// - Throws: when the address cannot be bound (e.g. the port is in use).
    public func run(onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) async throws {
        let main = makeApplication(onListening: onListening)
        guard let metricsApplication = makeMetricsApplication() else {
            try await main.runService()
            return
        }
        let listener = MetricsListener(application: metricsApplication, address: "\(configuration.metricsHost):\(configuration.metricsPort ?? 0)",
                                       logger: logger)
        try await ServiceGroup(configuration: .init(services: [main, listener], gracefulShutdownSignals: [.sigterm, .sigint],
                                                    logger: logger)).run()
    }

    /// The listener serving `/metrics` alone (nil without metrics or without a metrics port): on its own
    /// address, loopback by default, like Prometheus exporters, so the public port neither exposes the
    /// server's internals nor lets anyone scrape them.
    public func makeMetricsApplication(
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> (some ApplicationProtocol)? {
        guard let metrics, let port = configuration.metricsPort else { return nil as Application<RouterResponder<BasicRequestContext>>? }
        let executor = self.executor
        let configuration = self.configuration
        let logger = self.logger
        let router = Router(context: BasicRequestContext.self)
        let persisted = self.persisted
        let authenticator = self.authenticator
        let streams = self.streams
        router.get("/metrics") { _, _ in
            let text = metrics.exposition(await executor.snapshot(),
                                          caches: ["persisted": persisted.usage, "credentials": authenticator.cacheUsage],
                                          liveSubscriptions: streams.openCount)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.metricsHost, port: port),
                                                    serverName: configuration.serverName),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.info("qunji serves metrics at \(configuration.metricsURL(port: bound))")
                await onListening(bound)
            },
            logger: logger
        )
    }

    /// The Hummingbird application, for callers that manage its lifecycle themselves: `try await app.run()`
    /// serves until the surrounding task is cancelled (tests), or add it to a `ServiceGroup` with other
    /// services.
    public func makeApplication(
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let configuration = self.configuration
        let logger = self.logger
        let webSocket = GraphQLWebSocket(executor: executor, authenticator: authenticator, streams: streams,
                                         path: configuration.graphQLPath, trustedProxies: configuration.trustedProxies, logger: logger)
        return Application(
            router: makeRouter(),
            // Connections idle for a minute are closed (no slow-loris hold-outs); each connection's pipeline
            // notices its client leaving, so abandoned requests are cancelled. A request to the GraphQL path offering
            // graphql-transport-ws becomes a WebSocket (subscriptions, ``GraphQLWebSocket``).
            server: .http1WebSocketUpgrade(
                configuration: .init(http1: .init(additionalChannelHandlers: [ClientDisconnectHandler()], idleTimeout: .seconds(60))),
                shouldUpgrade: { request, channel, _ in webSocket.shouldUpgrade(request, channel: channel) }),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: configuration.serverName
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.info("qunji is serving GraphQL at \(configuration.graphQLURL(port: port))")
                await onListening(port)
            },
            logger: logger
        )
    }

    /// Routes and middleware, in the order requests meet them: CORS (when configured) answers preflights
    /// before anything else, requests are logged at debug level, other methods on the GraphQL path get 405.
    func makeRouter() -> Router<QunjiRequestContext> {
        let router = Router(context: QunjiRequestContext.self, options: .autoGenerateHeadEndpoints)
        if let origins = configuration.corsAllowedOrigin {
            router.add(middleware: CORSAllowList<QunjiRequestContext>(
                origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }))
        }
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: GraphQLMethodMiddleware(path: configuration.graphQLPath))
        GraphQLRoutes(executor: executor, maximumBodySize: configuration.maximumBodySize, authenticator: authenticator,
                      persisted: persisted, anonymousMaxAge: configuration.anonymousCacheMaxAge, metrics: metrics,
                      bodyTimeout: configuration.bodyTimeout,
                      gate: ClientGate(limit: configuration.maximumConcurrentPerClient, queueLimit: configuration.clientQueueLimit,
                                       maximumWait: configuration.clientMaximumWait),
                      trustedProxies: configuration.trustedProxies, streams: streams,
                      pages: pages, logger: logger)
            .addRoutes(to: router, at: configuration.graphQLPath)
        HealthRoutes(executor: executor).addRoutes(to: router)
        pages.addRoutes(to: router)
        // The explorer also at `/` (and at `/explorer` when web/ has none), for people who type the server's address.
        let pages = self.pages
        for path in ["/", "/explorer"] where path == "/" || pages.response(path) == nil {
            router.get(RouterPath(path)) { _, _ in pages.explorer() }
        }
        return router
    }
}
