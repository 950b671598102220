import Catalog
import Engine
import Foundation
import GraphQL
import Logging
import Planner
import Postgres
import TestSupport

/// A `QueryService` over a freshly seeded database (scale 1, default seed), shared by the tests of one
/// process: the sample data is deterministic, so whole JSON answers can be compared.
actor ServiceFixture {
    static let shared = ServiceFixture()
    private var database: Task<PostgresConfiguration, any Error>?
    private var shared: QueryService?

    /// The seeded database, created once per test process.
    func seededDatabase() async throws -> PostgresConfiguration {
        if let database { return try await database.value }
        let task = Task { try await ProjectDatabase.seeded("graphql") }
        database = task
        return try await task.value
    }

    /// The service most tests share.
    func service() async throws -> QueryService {
        if let shared { return shared }
        let service = try await isolatedService()
        if let shared { return shared }
        shared = service
        return service
    }

    /// A service with a pool of its own, for tests that count the pool's round trips while other
    /// tests run in parallel.
    func isolatedService(limits: RequestLimits = .testing, poolSize: Int = 4) async throws -> QueryService {
        let database = try await seededDatabase()
        let pool = ConnectionPool(configuration: database,
                                  options: .init(size: poolSize, sessionSettings: QueryService.sessionSettings),
                                  logger: TestLogging.logger)
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        // Counted once, now, and not again during the tests: tests that count the pool's round trips see
        // only their own. Built on the tests' serial set-up queue: building every role's schema and introspection model is
        // a second of CPU, which on Swift's cooperative threads would hold up the HTTP servers of other suites
        // running in this process (see TestSchemas).
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger,
                             limits: limits, tableRowsMaximumAge: .seconds(24 * 3600))
        }
        await service.refreshTableRows()
        return service
    }
}

extension ServiceFixture {
    /// A service of its own over a new migrated database holding `fixtures` (SQL the test inserts), for rules
    /// worked out by hand on small data.
    static func fixtureService(_ label: String, _ fixtures: String...) async throws -> QueryService {
        let database = try await ProjectDatabase.migrated(label)
        try await ProjectDatabase.withConnection(database) { connection in
            for sql in fixtures { try connection.execute(sql) }
        }
        let pool = ConnectionPool(configuration: database, options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: TestLogging.logger)
        let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
        return try await ProjectDatabase.settingUp {
            try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger, limits: .testing)
        }
    }
}

extension QueryService {
    /// Runs a query and returns the response body as text (or a description of a rejection).
    func run(_ query: String, variables: [String: Map]? = nil, operationName: String? = nil,
             method: QueryRequest.Method = .post) async -> String {
        let result = await execute(QueryRequest(query: query, operationName: operationName, variables: variables,
                                                  method: method))
        switch result {
        case .executed(let body, _): return String(decoding: body, as: UTF8.self)
        case .rejected(let errors):
            return "REJECTED " + GraphQLResponseError.jsonArray(errors)
        case .notAllowedOverGET: return "NOT ALLOWED OVER GET"
        case .unavailable(let errors): return "UNAVAILABLE " + GraphQLResponseError.jsonArray(errors)
        }
    }
}
