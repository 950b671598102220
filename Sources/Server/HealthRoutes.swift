import Engine
import Hummingbird
import Planner

/// `GET /healthz` and `GET /readyz`, for process supervisors and load balancers.
///
/// - `/healthz` (liveness) answers 200 whenever the process can answer at all; it never touches the database,
///   so a database outage does not get the process restarted.
/// - `/readyz` (readiness) asks the executor whether it can serve queries (database reachable, schema
///   loaded): 200 when it can, 503 when it cannot, so traffic is routed elsewhere until it recovers.
///
/// Both answer small JSON objects with `Cache-Control: no-store`, so no proxy serves a stale state.
struct HealthRoutes<Executor: GraphQLExecuting>: Sendable {
    let executor: Executor

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Self.status(.ok, #"{"status":"ok"}"#)
        }
        router.get("/readyz") { _, _ in
            await self.readiness()
        }
    }

    func readiness() async -> Response {
        await executor.isReady()
            ? Self.status(.ok, #"{"status":"ready"}"#)
            : Self.status(.serviceUnavailable, #"{"status":"not ready"}"#)
    }

    static func status(_ status: HTTPResponse.Status, _ json: StaticString) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(staticString: json))
        )
    }
}
