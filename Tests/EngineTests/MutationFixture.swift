import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres
import TestSupport
import Testing

/// The mutation tests (issue 20), one at a time: they write to one database.
@Suite("Mutations", .serialized)
struct MutationTests {}

/// A database of sample data of its own for the mutation tests (they write), the role schemas with mutations, and
/// services over it whose "today" (`qunji.today`) is fixed, so that what the policy allows does not depend on the day
/// the tests run.
actor MutationFixture {
    static let shared = MutationFixture()
    /// The day the tests act on: every step's date is on or before it.
    static let today = "2026-12-05"

    private var database: Task<PostgresConfiguration, any Error>?
    private var schemas: Task<RoleSchemas, any Error>?
    private var services: [String: QueryService] = [:]

    func seededDatabase() async throws -> PostgresConfiguration {
        if let database { return try await database.value }
        let task = Task { try await ProjectDatabase.seeded("mutations") }
        database = task
        return try await task.value
    }

    private func roleSchemas() async throws -> RoleSchemas {
        if let schemas { return try await schemas.value }
        let task = Task { try await ProjectDatabase.settingUp { try RoleSchemas.load(full: Repository.url("schema/schema.graphql"), mutations: true) } }
        schemas = task
        return try await task.value
    }

    /// A service reading as `qunji_server` and writing as `qunji_writer`, with "today" at `today`.
    func service(today: String = MutationFixture.today) async throws -> QueryService {
        if let service = services[today] { return service }
        let database = try await seededDatabase()
        let schemas = try await roleSchemas()
        var readSettings = QueryService.sessionSettings
        readSettings["qunji.today"] = today
        let reader = ConnectionPool(configuration: database.user("qunji_server"), options: .init(size: 2, sessionSettings: readSettings),
                                    logger: TestLogging.logger)
        let writer = ConnectionPool(configuration: database.user("qunji_writer"),
                                    options: .init(size: 2, sessionSettings: ["jit": "off", "qunji.today": today]), logger: TestLogging.logger)
        let service = try await ProjectDatabase.settingUp {
            try QueryService(schemas: schemas, catalog: .qunji, pool: reader, logger: TestLogging.logger, limits: .testing, writer: writer)
        }
        services[today] = service
        return service
    }

    /// The first value of the first row of `sql`, run as the database's owner.
    func scalar(_ sql: String, _ parameters: [String?] = []) async throws -> String? {
        let database = try await seededDatabase()
        return try await ProjectDatabase.withConnection(database) { try $0.query(sql, parameters).scalar }
    }

    /// Rows of `sql` as the owner, each as its columns' text.
    func rows(_ sql: String, _ parameters: [String?] = []) async throws -> [[String?]] {
        let database = try await seededDatabase()
        return try await ProjectDatabase.withConnection(database) { connection in
            let rows = try connection.query(sql, parameters)
            return (0..<rows.count).map { row in (0..<rows.columns.count).map { rows[row, $0] } }
        }
    }
}

/// One answer of the mutation tests, parsed.
struct Answer: CustomStringConvertible {
    let text: String
    let object: [String: Any]

    init(_ text: String) {
        self.text = text
        let body = text.hasPrefix("REJECTED ") ? "{\"errors\":" + text.dropFirst("REJECTED ".count) + "}" : text
        object = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }

    var description: String { text }
    var errors: [[String: Any]] { object["errors"] as? [[String: Any]] ?? [] }
    var code: String? { (errors.first?["extensions"] as? [String: Any])?["code"] as? String }
    var article: String? { (errors.first?["extensions"] as? [String: Any])?["article"] as? String }
    var rule: String? { (errors.first?["extensions"] as? [String: Any])?["rule"] as? String }
    var messageZh: String? { (errors.first?["extensions"] as? [String: Any])?["messageZh"] as? String }

    /// The value at a path of keys (and list indexes) under `data`.
    func value(_ path: Any...) -> Any? {
        var current: Any? = object["data"]
        for step in path {
            if let key = step as? String { current = (current as? [String: Any])?[key] }
            else if let index = step as? Int { current = (current as? [Any]).flatMap { $0.indices.contains(index) ? $0[index] : nil } }
        }
        return current
    }

    func string(_ path: Any...) -> String? {
        var current: Any? = object["data"]
        for step in path {
            if let key = step as? String { current = (current as? [String: Any])?[key] }
            else if let index = step as? Int { current = (current as? [Any]).flatMap { $0.indices.contains(index) ? $0[index] : nil } }
        }
        return current as? String
    }

    func int(_ path: Any...) -> Int? {
        var current: Any? = object["data"]
        for step in path {
            if let key = step as? String { current = (current as? [String: Any])?[key] }
        }
        return current as? Int
    }
}

extension QueryService {
    /// Runs `query` as `principal` (POST), with an idempotency key when given.
    func ask(_ principal: Principal, _ query: String, variables: [String: Map]? = nil, idempotencyKey: String? = nil) async -> Answer {
        var request = QueryRequest(query: query, variables: variables, principal: principal)
        request.requestID = "test-request"
        request.clientAddress = "127.0.0.1"
        request.idempotencyKey = idempotencyKey
        switch await execute(request) {
        case .executed(let body, _): return Answer(String(decoding: body, as: UTF8.self))
        case .rejected(let errors): return Answer("REJECTED " + GraphQLResponseError.jsonArray(errors))
        case .notAllowedOverGET: return Answer("NOT ALLOWED OVER GET")
        case .unavailable(let errors): return Answer("REJECTED " + GraphQLResponseError.jsonArray(errors))
        }
    }
}
