import Auth
import Engine
import Logging
import Planner
@testable import Server

/// A logger that drops everything, so test output stays readable.
let quietLogger = Logger(label: "qunji.tests.server") { _ in SwiftLogNoOpLogHandler() }

struct ServerDidNotStart: Error {}

/// Runs a qunji server on a free loopback port for the duration of `body`, then cancels it; with `metrics`,
/// also its metrics listener on another free port (`client.metricsPort`).
///
/// `app.run()` without signal handling: cancellation stops it, so many tests can run servers in parallel.
func withTestServer<T: Sendable>(
    _ executor: some GraphQLExecuting,
    configuration: ServerConfiguration = ServerConfiguration(),
    authenticator: Authenticator = Authenticator(pool: nil, tokens: nil),
    persisted: PersistedDocuments = PersistedDocuments(),
    metrics: ServerMetrics? = nil,
    pages: WebPages = WebPages(),
    logger: Logger = quietLogger,
    _ body: @Sendable (RawHTTPClient) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.metricsHost = "127.0.0.1"
    configuration.metricsPort = 0
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let (metricsPorts, metricsContinuation) = AsyncStream.makeStream(of: Int.self)
    let server = QunjiServer(executor: executor, configuration: configuration, logger: logger, authenticator: authenticator,
                             persisted: persisted, metrics: metrics, pages: pages)
    let app = server.makeApplication { port in
        continuation.yield(port)
        continuation.finish()
    }
    let metricsApp = server.makeMetricsApplication { port in
        metricsContinuation.yield(port)
        metricsContinuation.finish()
    }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            do {
                try await app.run()
            } catch {
                continuation.finish()
                throw error
            }
        }
        if let metricsApp {
            group.addTask {
                do {
                    try await metricsApp.run()
                } catch {
                    metricsContinuation.finish()
                    throw error
                }
            }
        } else {
            metricsContinuation.finish()
        }
        guard let port = await ports.first(where: { _ in true }) else {
            try await group.waitForAll()
            throw ServerDidNotStart()
        }
        let metricsPort = await metricsPorts.first(where: { _ in true })
        do {
            let result = try await body(RawHTTPClient(port: port, metricsPort: metricsPort))
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
