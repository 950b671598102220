import ArgumentParser
import Catalog
import Engine
import Foundation
import GraphQL
import Planner
import Postgres

/// `qunji check`: validates `.graphql` files against a role's schema, like a compiler: one line per problem,
/// pointing at file, line and column, so editors and CI can jump to it.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate .graphql files against the schema, with errors at file:line:column.",
        discussion: """
            Each file is parsed and validated against the schema the role is served (the same rules the server \
            applies, including field-merging conflicts). Operations that need no variables are also compiled to SQL, \
            which catches what only the compiler knows (e.g. a date argument that is not a date). No database is \
            needed; so the cost estimate takes every table as holding 5,000 rows (the server uses its tables' real \
            counts: docs/cost-model.md). Exit status 1 when any file has an error.

            Examples (each runs in the tests):
              qunji check Benchmarks/operations/*.graphql --role fund_manager
            """
    )

    @ArgumentParser.Argument(help: "The .graphql files to check.")
    var files: [String]

    @Option(help: "The role whose schema applies (anonymous, analyst, fund_manager, admin).")
    var role: String = "anonymous"

    @OptionGroup var tool: ToolOptions

    func run() async throws {
        guard !files.isEmpty else { throw ValidationError("name at least one .graphql file") }
        let logger = tool.logger("qunji.check")
        let role = try ProjectSchemas.role(role)
        let pool = ConnectionPool(configuration: try PostgresConfiguration(""), options: .init(size: 1), logger: logger)
        defer { Task { await pool.shutdown() } }
        let service = try QueryService(schemas: try ProjectSchemas(tool: tool).load(mutations: true), catalog: .qunji, pool: pool, logger: logger)
        var problems = 0
        for file in files {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                report(file, nil, "cannot read the file: \(error.localizedDescription)", code: "IO")
                problems += 1
                continue
            }
            problems += check(file: file, text: text, role: role, service: service)
        }
        let summary = "\(files.count) file\(files.count == 1 ? "" : "s") checked against the \(role.rawValue) schema: "
            + (problems == 0 ? "no errors" : "\(problems) error\(problems == 1 ? "" : "s")")
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if problems > 0 { throw ExitCode(1) }
    }

    /// Problems found in one file, reported as they are found.
    private func check(file: String, text: String, role: Role, service: QueryService) -> Int {
        let document: Document
        do {
            document = try GraphQL.parse(source: Source(body: text, name: file))
        } catch let error as GraphQLError {
            let response = GraphQLResponseError(graphQLError: error, code: "GRAPHQL_PARSE_FAILED")
            report(file, response.locations?.first, response.message, code: response.code)
            return 1
        } catch {
            report(file, nil, "\(error)", code: "GRAPHQL_PARSE_FAILED")
            return 1
        }
        let errors = validateDocument(schema: service.schema(for: role), document: document)
        for error in errors {
            let response = GraphQLResponseError(graphQLError: error, code: "GRAPHQL_VALIDATION_FAILED")
            report(file, response.locations?.first, response.message, code: response.code)
        }
        guard errors.isEmpty else { return errors.count }
        // Compile each operation that can run without variables.
        var problems = 0
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        // (A mutation is validated against the role's steps; compiling it needs its step's answer, so it stops there.)
        for operation in operations where operation.operation == .query
            && operation.variableDefinitions.allSatisfy({ !($0.type is NonNullType) || $0.defaultValue != nil }) {
            let request = QueryRequest(query: text, operationName: operations.count > 1 ? operation.name?.value : nil,
                                       variables: nil, principal: Principal(role: role))
            if case .failure(let refusal) = service.compiledStatement(for: request) {
                for error in refusal.errors {
                    report(file, error.locations?.first, error.message, code: error.code)
                    problems += 1
                }
            }
        }
        return problems
    }

    private func report(_ file: String, _ location: GraphQLResponseError.Location?, _ message: String, code: String) {
        let place = location.map { "\(file):\($0.line):\($0.column)" } ?? file
        print("\(place): error: \(message) [\(code)]")
    }
}
