import Engine
import Foundation
import GraphQL
import Postgres
import TestSupport
import Testing

/// The warm-up a server runs before `/readyz` says ready (`QueryService.startWarmUp`).
@Suite("Warm-up before ready")
struct WarmUpTests {
    @Test("the warm-up opens every connection of the pool and ends; readiness waits for it; its operation answers cleanly")
    func warmUp() async throws {
        let service = try await RoleTests.makeService()
        #expect(await service.isReady(), "a service asked for no warm-up is ready as soon as its database is")
        service.startWarmUp()
        var ready = false
        for _ in 0..<500 where !ready {
            ready = await service.isReady()
            if !ready { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(ready)
        let statistics = await service.pool.statistics
        #expect(statistics.open == service.pool.options.size, "the warm-up left connections unopened: \(statistics)")
        // The operation answers as the admin without errors: a change to the schema that broke it fails here, not
        // silently in every server's start-up.
        let body = await RoleTests.run(service, QueryService.warmUpOperation, as: Principal(role: .admin), variables: ["first": .number(1)])
        let answer = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let data = answer?["data"] as? [String: Any]
        #expect(answer?["errors"] == nil, "\(body.prefix(300))")
        #expect((data?["__type"] as? [String: Any])?["name"] as? String == "Prefecture")
        #expect((data?["prefectures"] as? [String: Any])?["totalCount"] as? Int == 2)
        await service.pool.shutdown()
    }
}
