import ArgumentParser
import Catalog
import Engine
import Foundation
import GraphQL
import Migrations
import Planner
import Postgres

/// `qunji explain`: the one SQL statement a GraphQL operation compiles to, and PostgreSQL's plan for it.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the SQL a GraphQL operation compiles to, and PostgreSQL's plan for it.",
        discussion: """
            The SQL is printed with its parameters written in as literals, so it can be pasted into psql or a \
            pgbench script (scripts/bench does). Without --sql-only, the plan comes from EXPLAIN on the database \
            (--analyze runs the statement: EXPLAIN ANALYZE, BUFFERS), in a read-only transaction. With --json, \
            the statement is printed as the server sends it: {"sql": …, "parameters": […], "planCacheMode": …}, its \
            $n placeholders unfilled, so a benchmark can bind the same values the server binds and plan it as the \
            server does (PostgreSQL plans a statement with parameters differently from one with literals). With no database named, the plan comes from the demo \
            database of `qunji serve --demo` (.qunji/db).

            Examples (each runs in the tests, on the demo database):
              qunji explain '{ clusters(first: 5) { nodes { name status } } }'
              qunji explain -f Benchmarks/operations/analyst-filter.graphql --analyze
              qunji explain '{ funds { totalCount } }' --json
            """
    )

    @ArgumentParser.Argument(help: "The GraphQL operation (or use -f).")
    var query: String?

    @Option(name: [.customShort("f"), .customLong("file")], help: "Read the operation from this .graphql file.")
    var file: String?

    @Option(name: .customLong("variables"), help: "Variables as a JSON object.")
    var variables: String?

    @Option(name: .customLong("operation-name"), help: "Which operation of the document to run.")
    var operationName: String?

    @Option(help: "The role whose schema validates the operation (anonymous, analyst, fund_manager, admin).")
    var role: String = "admin"

    @Flag(name: .customLong("sql-only"), help: "Print only the SQL; do not connect to a database.")
    var sqlOnly = false

    @Flag(help: "Print the statement as the server sends it, as JSON: {\"sql\": …, \"parameters\": […]}; implies --sql-only.")
    var json = false

    @Flag(help: "Run the statement and show actual times and buffers (EXPLAIN ANALYZE, BUFFERS).")
    var analyze = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var tool: ToolOptions

    func run() async throws {
        let logger = tool.logger("qunji.explain")
        guard let role = Role(rawValue: role) else { throw ValidationError("unknown role \"\(role)\"") }
        let text: String
        if let file {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } else if let query {
            text = query
        } else {
            throw ValidationError("give the operation as an argument or with -f FILE")
        }
        var variableMap: [String: Map]?
        if let variables {
            guard case .dictionary(let entries) = try JSONDecoder().decode(Map.self, from: Data(variables.utf8)) else {
                throw ValidationError("--variables must be a JSON object")
            }
            variableMap = entries.reduce(into: [:]) { $0[$1.key] = $1.value }
        }
        let sql = try SQLDirectory.locate(explicit: tool.sqlDirectory)
        let schemaURL = sql.url.deletingLastPathComponent().appendingPathComponent("schema/schema.graphql")
        let schemas = try RoleSchemas.load(full: schemaURL)
        // The SQL alone needs no database; the plan needs one (the named one, else the demo database).
        let target = sqlOnly || json ? DatabaseTarget(configuration: try PostgresConfiguration("")) : try database.open(logger: logger)
        defer { target.close() }
        let pool = ConnectionPool(configuration: target.configuration, options: .init(size: 1, sessionSettings: QueryService.sessionSettings),
                                  logger: logger)
        defer { Task { await pool.shutdown() } }
        let service = try QueryService(schemas: schemas, catalog: .qunji, pool: pool, logger: logger)
        // The cost estimate weighs work by the tables' row counts: the database's when there is one.
        if !(sqlOnly || json) { await service.refreshTableRows() }
        let request = QueryRequest(query: text, operationName: operationName, variables: variableMap, principal: Principal(role: role))
        let statement: CompiledStatement
        switch service.compiledStatement(for: request) {
        case .success(let compiled): statement = compiled
        case .failure(let refusal):
            throw ValidationError(refusal.errors.map { "\($0.code): \($0.message)" }.joined(separator: "\n"))
        }
        if json {
            let parameters = statement.parameters.map { $0.map(GraphQLResponseError.quoted) ?? "null" }
            print("{\"sql\":" + GraphQLResponseError.quoted(statement.sql) + ",\"parameters\":[" + parameters.joined(separator: ",")
                  + "],\"planCacheMode\":" + GraphQLResponseError.quoted(statement.plan.setting) + "}")
            return
        }
        print(statement.inlined + ";")
        guard !sqlOnly else { return }
        let options = analyze ? "ANALYZE, BUFFERS, " : ""
        // The statement as the server runs it, its parameters bound (never the inlined text above).
        let plan = try await pool.query("EXPLAIN (\(options)FORMAT TEXT) " + statement.sql, statement.parameters)
        print("")
        for row in 0..<plan.count { print(plan[row, 0] ?? "") }
        // Before a demo server this command started is stopped (the deferred close).
        await pool.shutdown()
    }
}
