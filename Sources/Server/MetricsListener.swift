import Hummingbird
import Logging
import ServiceLifecycle

/// Runs the metrics listener beside the GraphQL server. If its address cannot be bound (another qunji on
/// the same machine already serves metrics there), GraphQL goes on without metrics and says so in the
/// log: metrics are for operators, and losing the public endpoint over them would be the worse failure.
struct MetricsListener<Wrapped: ApplicationProtocol>: Service {
    let application: Wrapped
    let address: String
    let logger: Logger

    func run() async throws {
        do {
            try await application.run()
        } catch {
            logger.error("the metrics listener could not serve at \(address) (\(error)); GraphQL is served without /metrics: pass --metrics-port to choose another port, or -1 for none")
            // A service that ends early would stop the group; this one waits for the shutdown instead.
            try? await gracefulShutdown()
        }
    }
}
