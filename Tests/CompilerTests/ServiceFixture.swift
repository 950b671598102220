import Catalog
import Compiler
import Foundation
import GraphQL
import Logging
import Postgres
import TestSupport

/// A `QueryService` over a freshly seeded database (scale 1, default seed), shared by the tests of one
/// process: the sample data is deterministic, so whole JSON answers can be compared.
actor ServiceFixture {
    static let shared = ServiceFixture()
    private var task: Task<QueryService, any Error>?

    func service() async throws -> QueryService {
        if let task { return try await task.value }
        let task = Task { () async throws -> QueryService in
            let database = try await ProjectDatabase.seeded("graphql")
            let pool = ConnectionPool(configuration: database, options: .init(size: 4), logger: TestLogging.logger)
            let source = try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8)
            return try QueryService(schemaSource: source, catalog: .qunji, pool: pool, logger: TestLogging.logger)
        }
        self.task = task
        return try await task.value
    }
}

extension QueryService {
    /// Runs a query and returns the response body as text (or a description of a rejection).
    func run(_ query: String, variables: [String: Map]? = nil, operationName: String? = nil,
             method: QueryRequest.Method = .post) async -> String {
        let result = await execute(QueryRequest(query: query, operationName: operationName, variables: variables,
                                                  method: method))
        switch result {
        case .executed(let body): return String(decoding: body, as: UTF8.self)
        case .rejected(let errors):
            let data = (try? JSONEncoder().encode(errors)) ?? Data()
            return "REJECTED " + String(decoding: data, as: UTF8.self)
        case .notAllowedOverGET: return "NOT ALLOWED OVER GET"
        }
    }
}
