import ArgumentParser
import Catalog
import AnswerTables
import Engine
import Foundation
import Planner
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres

/// `qunji query`: runs a GraphQL operation against a qunji server, or straight against a database through the
/// same compiler, and prints the answer for people (a table), spreadsheets (CSV) or programs (JSON).
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a GraphQL operation and print the answer as a table, CSV or JSON.",
        discussion: """
            Where it runs: with --url (or $QUNJI_URL), on that qunji server over HTTP, as whoever --api-key or \
            --token names (anonymous without one); mutations (the steps of the process) run there only, as the key's \
            role (README, "Recording the process"). With --database-url (or $DATABASE_URL), on that database through \
            the same compiler the server uses, as --role (default admin: whoever holds the database's password can \
            read everything anyway). With neither, on http://127.0.0.1:8080, where `qunji serve --demo` listens.

            Tables: each root field is a table; a list or a connection's nodes give one row each, and nested \
            objects become dotted columns (prefecture.name). Lists of objects inside a single object, such as \
            targetProgress.byYear, become tables of their own. CSV has the same rows (one block per table). JSON is \
            the response itself, indented, with the fields in the order the query asked for them. xlsx is a \
            workbook with each table a sheet: numbers (and exact decimals) as numbers, days as dates.

            Errors are printed to standard error with their code and where in the query they point; the exit \
            status is 1 when the answer has any error, 2 when the server or database could not be reached.

            Examples (each runs in the tests, against `qunji serve --demo`):
              qunji query '{ clusters(first: 5) { nodes { code name } } }'
              qunji query -f Benchmarks/operations/analyst-filter.graphql --format json
              qunji query 'query($p: ID!) { prefecture(code: $p) { name } }' --var p=520300
              qunji query '{ funds { nodes { code name } } }' --format csv > funds.csv
              qunji query '{ funds { nodes { code name } } }' --format xlsx --output f.xlsx
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, xlsx
    }

    @OptionGroup var operation: OperationInput

    @Option(help: "table (default), csv, json, or xlsx (an Excel workbook: give --output).")
    var format: Format = .table

    @Option(name: .customLong("output"), help: "Write the answer to this file instead of standard output (required for xlsx).")
    var output: String?

    @Option(help: "A qunji server (its base URL or its GraphQL endpoint); default $QUNJI_URL, else http://127.0.0.1:8080.")
    var url: String?

    @Option(name: .customLong("api-key"), help: "An API key for --url (qj_…); default $QUNJI_API_KEY.")
    var apiKey: String?

    @Option(help: "A JWT for --url, instead of an API key; default $QUNJI_TOKEN.")
    var token: String?

    @Option(name: .customLong("idempotency-key"),
            help: "For a mutation sent to a server: its Idempotency-Key, so that running the command again applies the step once.")
    var idempotencyKey: String?

    @Option(help: "With a database: the role to run as (anonymous, analyst, fund_manager, admin).")
    var role: String = "admin"

    @Option(help: "With a database: limit the principal to one prefecture (its code, e.g. 520300).")
    var region: String?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var tool: ToolOptions

    func validate() throws {
        if format == .xlsx, output == nil {
            throw ValidationError("--format xlsx writes a workbook: give --output FILE.xlsx")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let text = try operation.text()
        let body: [UInt8]
        let useDatabase = database.databaseURL != nil || (url == nil && environment["QUNJI_URL"] == nil && environment["DATABASE_URL"] != nil)
        if useDatabase {
            body = try await runOnDatabase(text)
        } else {
            body = try await runOverHTTP(text, environment: environment)
        }
        let answer: JSONValue
        do {
            // Answers nest deeper than request variables may.
            answer = try JSONParser.parse(String(decoding: body, as: UTF8.self), maximumDepth: 512)
        } catch {
            throw QueryCommandError.unreadableAnswer(String(decoding: body.prefix(300), as: UTF8.self))
        }
        let errors = Self.errorLines(answer)
        if let data = answer["data"], data != .null {
            switch format {
            case .json: try emit(JSONWriter.pretty(answer))
            case .table: try emit(TableText.render(ResultTable.tables(fromData: data)))
            case .csv: try emit(TableText.csv(ResultTable.tables(fromData: data)))
            case .xlsx:
                let url = URL(fileURLWithPath: output ?? "answer.xlsx")
                let tables = ResultTable.tables(fromData: data)
                try AnswerWorkbook.write(tables, to: url)
                print("wrote \(url.path): \(tables.count) sheet\(tables.count == 1 ? "" : "s")")
            }
        } else if format == .json {
            try emit(JSONWriter.pretty(answer))
        }
        for line in errors { FileHandle.standardError.write(Data(("error: " + line + "\n").utf8)) }
        if !errors.isEmpty { throw ExitCode(1) }
    }

    /// Prints the text, or writes it to --output.
    private func emit(_ text: String) throws {
        guard let output else { return print(text) }
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: output))
    }

    /// Runs the operation through the compiler on the database, as the server would for `role`.
    private func runOnDatabase(_ text: String) async throws -> [UInt8] {
        let logger = tool.logger("qunji.query")
        let principalRole = try ProjectSchemas.role(role)
        if let region, !Principal.isPrefectureCode(region) { throw ValidationError("--region takes a prefecture code such as 520300") }
        let schemas = try ProjectSchemas(tool: tool).load()
        let request = QueryRequest(query: text, operationName: operation.operationName, variables: try operation.variables(for: text),
                                   principal: Principal(role: principalRole, region: region))
        let target = try database.open(logger: logger)
        defer { target.close() }
        let pool = ConnectionPool(configuration: target.configuration,
                                  options: .init(size: 1, sessionSettings: QueryService.sessionSettings), logger: logger)
        let result: QueryResult
        do {
            let service = try QueryService(schemas: schemas, catalog: .qunji, pool: pool, logger: logger)
            result = await service.execute(request)
        } catch {
            await pool.shutdown()
            throw error
        }
        // The pool is closed before a demo server this command started is stopped.
        await pool.shutdown()
        switch result {
        case .executed(let body, _): return body
        case .rejected(let errors), .unavailable(let errors):
            return Array(JSONWriter.compact(.object([("errors", .array(errors.map(Self.json)))])).utf8)
        case .notAllowedOverGET:
            throw ValidationError("only queries can run here")
        }
    }

    /// POSTs the operation to a qunji server.
    private func runOverHTTP(_ text: String, environment: [String: String]) async throws -> [UInt8] {
        let base = url ?? environment["QUNJI_URL"] ?? "http://127.0.0.1:8080"
        guard var components = URLComponents(string: base), components.scheme == "http" || components.scheme == "https" else {
            throw ValidationError("--url must be an http:// or https:// URL, got \"\(base)\"")
        }
        if components.path.isEmpty || components.path == "/" { components.path = "/graphql" }
        guard let endpoint = components.url else { throw ValidationError("--url is not a valid URL: \(base)") }
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/graphql-response+json, application/json;q=0.9", forHTTPHeaderField: "Accept")
        // An empty value (--api-key "" or an empty variable) means none, not an empty Bearer header.
        let credentials = [apiKey, token, environment["QUNJI_API_KEY"], environment["QUNJI_TOKEN"]]
        if let credential = credentials.compactMap({ $0 }).first(where: { !$0.isEmpty }) {
            request.setValue("Bearer " + credential, forHTTPHeaderField: "Authorization")
        }
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        var payload = "{\"query\":" + GraphQLResponseError.quoted(text)
        if let variables = try operation.variablesText(for: text) { payload += ",\"variables\":" + variables }
        if let name = operation.operationName { payload += ",\"operationName\":" + GraphQLResponseError.quoted(name) }
        request.httpBody = Data((payload + "}").utf8)
        request.timeoutInterval = 120
        do {
            let (data, _) = try await URLSession.shared.data(for: request)
            return Array(data)
        } catch {
            FileHandle.standardError.write(Data("error: cannot reach \(endpoint.absoluteString): \(error.localizedDescription)\n".utf8))
            if url == nil, environment["QUNJI_URL"] == nil {
                FileHandle.standardError.write(Data("hint: start a server with `qunji serve --demo`, or pass --url or --database-url\n".utf8))
            }
            throw ExitCode(2)
        }
    }

    /// An error as the server writes it: message, locations, extensions.code, in that order.
    static func json(_ error: GraphQLResponseError) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("message", .string(error.message))]
        if let locations = error.locations, !locations.isEmpty {
            members.append(("locations", .array(locations.map {
                .object([("line", .number(String($0.line))), ("column", .number(String($0.column)))])
            })))
        }
        members.append(("extensions", .object([("code", .string(error.code))])))
        return .object(members)
    }

    /// `message (CODE, article) at line:column, path a.b.0` for each error of a response, and a refused step's Chinese on
    /// the next line.
    static func errorLines(_ answer: JSONValue) -> [String] {
        guard case .array(let errors)? = answer["errors"] else { return [] }
        return errors.map { error in
            var line = error["message"]?.cellText ?? "error"
            if let code = error["extensions"]?["code"]?.cellText {
                line += " (\(code)" + (error["extensions"]?["article"]?.cellText).map { ", \($0)" }.orEmpty + ")"
            }
            if case .array(let locations)? = error["locations"], !locations.isEmpty {
                line += " at " + locations.map { "\($0["line"]?.cellText ?? "?"):\($0["column"]?.cellText ?? "?")" }.joined(separator: ", ")
            }
            if case .array(let path)? = error["path"], !path.isEmpty {
                line += ", path " + path.map(\.cellText).joined(separator: ".")
            }
            if let chinese = error["extensions"]?["messageZh"]?.cellText { line += "\n  " + chinese }
            return line
        }
    }
}

extension Optional where Wrapped == String {
    /// The text, or nothing.
    var orEmpty: String { self ?? "" }
}

enum QueryCommandError: Error, CustomStringConvertible {
    case unreadableAnswer(String)

    var description: String {
        switch self {
        case .unreadableAnswer(let start): return "the answer is not GraphQL JSON: \(start)"
        }
    }
}
