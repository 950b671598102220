import Catalog
import Foundation
import GraphQL
import Logging
import Planner
import Postgres

/// Answers GraphQL requests from PostgreSQL: the pipeline of design §1.
///
/// text → cached validated document → operation + coerced variables → one compiled SQL statement →
/// one pooled round trip → `{"data":` + PostgreSQL's JSON text + `}`. Introspection is answered by
/// GraphQL 4.3.0's executor over the schema (cached per request) and spliced into the same statement
/// as a parameter, so a request mixing both still makes one round trip.
public final class QueryService: GraphQLExecuting {
    /// The full schema (the admin's).
    public let schema: GraphQLSchema
    public let pool: ConnectionPool
    /// Pools on read replicas (`--read-url`), taking turns with `pool` for queries.
    public let replicas: [ConnectionPool]
    private let turn = ReplicaTurn()
    private let contexts: [Role: RoleContext]
    let logger: Logger
    /// The warm-up after a start (``startWarmUp()``): `isReady()` is false while it runs.
    let warmUpState = WarmUpState()
    /// The limits every request is checked against (``RequestLimits``).
    public let limits: RequestLimits
    private let observer: (any QueryObserver)?
    /// Row counts for the cost model (``TableRows``).
    private let tableRows: TableRowsCounter
    /// Whole answers kept until their data changes (``AnswerCaching``); nil: every request reads the database.
    public let answers: AnswerCaching?
    /// The pool mutations run on, as the database role `qunji_writer` (issue 20); nil: the server does not write.
    public let writer: ConnectionPool?
    /// Live queries running, one loop per distinct request shared by all its subscribers (issue 21).
    let feeds = LiveFeeds()

    /// Builds each role's schema from its SDL and checks it against the catalog: every field a role can see
    /// must have a mapping (and the admin's schema must map every catalog field), so a mismatch stops
    /// start-up, named.
    ///
    /// - Parameter introspection: the roles that may ask `__schema` and `__type`.
    /// - Parameter tableRowsMaximumAge: how old the row counts of the cost model may get before a request
    ///   starts a recount (``TableRows``); tests that count round trips make it long.
    public init(schemas: RoleSchemas, catalog: Catalog, pool: ConnectionPool, logger: Logger,
                cacheBudgets: CacheBudgets = .standard, limits: RequestLimits = .standard,
                introspection: Set<Role> = Set(Role.allCases), observer: (any QueryObserver)? = nil,
                replicas: [ConnectionPool] = [], tableRowsMaximumAge: Duration = .seconds(60),
                answers: AnswerCaching? = nil, writer: ConnectionPool? = nil) throws {
        var contexts: [Role: RoleContext] = [:]
        var problems: [String] = []
        var built: [Role: GraphQLSchema] = [:]
        // Roles served the same text share one built schema (the full schema, for roles that hide nothing).
        var builtBySource: [String: GraphQLSchema] = [:]
        for role in Role.allCases {
            guard let source = schemas.sources[role] else {
                problems.append("no schema for role \(role.rawValue)")
                continue
            }
            if let schema = schemas.built[role] ?? builtBySource[source] {
                built[role] = schema
            } else {
                built[role] = try buildSchema(source: source)
            }
            builtBySource[source] = built[role]
        }
        // Each role's schema as introspection describes it, walked once: it answers introspection and, set against
        // the full schema's (admin's), tells each role what it cannot see, for hints.
        var models: [Role: IntrospectionModel] = [:]
        // One model per built schema: roles served the same schema share it.
        var modelsBySchema: [ObjectIdentifier: IntrospectionModel] = [:]
        for (role, schema) in built {
            let model = modelsBySchema[ObjectIdentifier(schema)]
                ?? IntrospectionModel(schema: schema, description: schemas.sources[role].flatMap(IntrospectionModel.schemaDescription))
            modelsBySchema[ObjectIdentifier(schema)] = model
            models[role] = model
        }
        for role in Role.allCases {
            guard let schema = built[role], let model = models[role] else { continue }
            problems += CatalogSchemaCheck.problems(schema: schema, catalog: catalog, complete: role == .admin)
                .map { "\(role.rawValue): \($0)" }
            contexts[role] = RoleContext(role: role, schema: schema, model: model, catalog: catalog, limits: limits,
                                         budgets: cacheBudgets, allowsIntrospection: introspection.contains(role),
                                         fullModel: role == .admin ? nil : models[.admin])
        }
        guard problems.isEmpty, let admin = contexts[.admin] else { throw ServiceSetupError.schemaMismatch(problems) }
        self.schema = admin.schema
        self.contexts = contexts
        self.pool = pool
        self.writer = writer
        self.replicas = replicas
        self.limits = limits
        self.logger = logger
        self.observer = observer
        self.tableRows = TableRowsCounter(catalog: catalog, maximumAge: tableRowsMaximumAge)
        self.answers = answers
    }

    /// Counts the tables' rows for the cost model now (the server does so on first use and every minute):
    /// for commands that estimate without executing, such as `qunji explain`.
    public func refreshTableRows() async {
        await tableRows.count(pool, logger: logger)
    }

    /// The row counts estimates are made with now.
    public var tableRowCounts: TableRows { tableRows.snapshot }

    /// How many times the tables' rows have been counted since the service started.
    public var tableRowCountsStarted: Int { tableRows.countsStarted }

    /// One schema for every role: for tests and tools that need no access control.
    public convenience init(schemaSource: String, catalog: Catalog, pool: ConnectionPool, logger: Logger,
                            cacheBudgets: CacheBudgets = .standard, limits: RequestLimits = .standard,
                            tableRowsMaximumAge: Duration = .seconds(60), writer: ConnectionPool? = nil) throws {
        try self.init(schemas: .single(schemaSource), catalog: catalog, pool: pool, logger: logger,
                      cacheBudgets: cacheBudgets, limits: limits, tableRowsMaximumAge: tableRowsMaximumAge, writer: writer)
    }

    /// The schema a role is served.
    public func schema(for role: Role) -> GraphQLSchema {
        contexts[role]?.schema ?? schema
    }

    /// Session settings for the connections of a pool serving this service. JIT compilation costs far
    /// more than the short, function-heavy statements GraphQL compiles to save (1.2 s against 70 ms for the
    /// policy-rule dashboard query, BENCHMARKS.md), and PostgreSQL cannot interrupt it, so a statement
    /// being JIT-compiled ignores a cancel until compilation ends. So: off. And every transaction is read-only:
    /// a second guard, beside the read-only role the server should connect as, that no request writes.
    public static let sessionSettings = ["jit": "off", "default_transaction_read_only": "on"]

    /// Requests answered without compiling, from the compiled-operation cache (for tests and metrics).
    public var compiledOperationHits: Int { contexts.values.reduce(0) { $0 + $1.compiledOperations.hits } }

    public func snapshot() async -> ExecutorSnapshot {
        var snapshot = ExecutorSnapshot()
        snapshot.pool = await pool.statistics
        for context in contexts.values {
            let documents = context.documents.statistics
            snapshot.documentHits += documents.hits
            snapshot.documentMisses += documents.compilations
            snapshot.compiledHits += context.compiledOperations.hits
            snapshot.compiledMisses += context.compiledOperations.misses
            snapshot.caches["document", default: CacheUsage()] = snapshot.caches["document", default: CacheUsage()]
                + CacheUsage(entries: documents.count, bytes: documents.bytes, budget: context.documents.budget)
            snapshot.caches["compiled", default: CacheUsage()] = snapshot.caches["compiled", default: CacheUsage()]
                + context.compiledOperations.usage
            snapshot.caches["introspection", default: CacheUsage()] = snapshot.caches["introspection", default: CacheUsage()]
                + (await context.introspection.usage)
        }
        snapshot.liveQueries = liveQueriesRunning
        if let answers {
            let statistics = answers.cache.currentStatistics
            snapshot.answers = statistics
            snapshot.caches["answer"] = CacheUsage(entries: statistics.entries, bytes: statistics.bytes, budget: statistics.budget)
        }
        return snapshot
    }

    public func isReady() async -> Bool {
        guard warmUpState.isOver else { return false }
        return (try? await pool.queryPrepared(Self.readinessStatement).scalar) == "1"
    }

    /// `SELECT 1`, rendered once.
    private static let readinessStatement = SQLRenderer.render(SQLSelect(columns: [(.integer(1), nil)], from: []))

    /// Everything before the database: limits, the role's validated document, the compiled operation (cached).
    /// Fails with the result to answer instead.
    private func prepare(_ request: QueryRequest, tableRows: TableRows)
        -> Result<PreparedWork, PreparationFailure>
    {
        if request.query.utf8.count > limits.maximumQueryBytes {
            return .failure(PreparationFailure(.rejected(errors: [GraphQLResponseError(
                message: "The query is \(request.query.utf8.count) bytes long; this server accepts at most \(limits.maximumQueryBytes).",
                code: LimitCode.queryTooLong)])))
        }
        if let variables = request.variables {
            switch VariablesMeasure.check(variables, maximumValues: limits.maximumVariableValues,
                                          maximumDepth: limits.maximumVariableDepth) {
            case .tooManyValues(let limit)?:
                return .failure(PreparationFailure(.rejected(errors: [GraphQLResponseError(
                    message: "The variables hold more than \(limit) values, the most this server accepts.", code: LimitCode.variables)])))
            case .tooDeep(let limit)?:
                return .failure(PreparationFailure(.rejected(errors: [GraphQLResponseError(
                    message: "The variables nest lists and objects more than \(limit) levels deep, the most this server accepts.",
                    code: LimitCode.variables)])))
            case nil:
                break
            }
        }
        let principal = request.principal
        guard let context = contexts[principal.role] else {
            return .failure(PreparationFailure(.rejected(errors: [GraphQLResponseError(message: "Unknown role.", code: "FORBIDDEN")])))
        }
        let cached = context.documents.document(for: request.query)
        guard let document = cached.document else {
            return .failure(PreparationFailure(.rejected(errors: context.hinted(cached.errors))))
        }
        // The operation, selected once per request.
        let operation: OperationDefinition
        do {
            operation = try QueryCompiler.selectOperation(document, request.operationName)
        } catch {
            return .failure(PreparationFailure(.rejected(errors: [error.responseError])))
        }
        if request.method == .get, operation.operation == .mutation || (operation.operation == .subscription && !request.isLive) {
            return .failure(PreparationFailure(.notAllowedOverGET))
        }
        if operation.operation == .subscription, !request.isLive {
            return .failure(PreparationFailure(.rejected(errors: [GraphQLResponseError(
                message: "A subscription is answered as a stream: send it to /graphql with Accept: text/event-stream "
                    + "(GraphQL over Server-Sent Events).", code: "SUBSCRIPTION_NEEDS_STREAM")])))
        }
        // One plan per shape of request (``PlanKey``): the values it re-reads are bound for this request below. The
        // estimate depends on the row counts, so a plan compiled with older counts is not reused.
        let inputs: PlanInputs
        do {
            inputs = PlanInputs(variables: try context.compiler.coerceVariables(operation, request.variables ?? [:]),
                                literals: cached.literals, region: principal.region)
        } catch {
            return .failure(PreparationFailure(.rejected(errors: [error.responseError])))
        }
        if operation.operation == .mutation {
            // A mutation is compiled for this request alone (its input is data, not shape) and never cached.
            do {
                return .success(.mutation(try context.compiler.compileMutation(
                    document: document, operation: operation, variables: inputs.variables, literals: inputs.literals,
                    region: principal.region)))
            } catch {
                return .failure(PreparationFailure(.rejected(errors: [error.responseError])))
            }
        }
        let prefix = PlanKey.prefix(shape: cached.literals.shape, operationName: request.operationName,
                                    limitedToRegion: principal.region != nil, tableRowsGeneration: tableRows.generation)
        let compiled: CompiledOperation
        let parameters: [String?]
        do {
            if let plan = context.compiledOperations.plan(prefix: prefix, inputs: inputs) {
                compiled = plan
            } else {
                compiled = try context.compiler.compile(document: document, operation: operation, variables: inputs.variables,
                                                        literals: inputs.literals, region: principal.region, tableRows: tableRows)
                context.compiledOperations.store(compiled, prefix: prefix, inputs: inputs)
            }
            parameters = try compiled.bind(inputs)
        } catch {
            return .failure(PreparationFailure(.rejected(errors: [error.responseError])))
        }
        return .success(.query(Prepared(context: context, compiled: compiled, parameters: parameters, document: document,
                                        operation: operation)))
    }

    /// A request ready to run: a query's statement, or a mutation's steps.
    private enum PreparedWork {
        case query(Prepared)
        case mutation(CompiledMutation)
    }

    /// What `prepare` hands to execution: the role's context, the compiled statement, and the operation it came
    /// from (introspection is answered from the operation itself, not from text printed back).
    private struct Prepared {
        let context: RoleContext
        let compiled: CompiledOperation
        /// This request's values for the plan's parameters (introspection slots still nil).
        let parameters: [String?]
        let document: Document
        let operation: OperationDefinition
    }

    /// The SQL a request compiles to and its parameters, without running it: for `qunji explain` and the
    /// benchmark's floor (PostgreSQL running the same statement itself).
    public func compiledStatement(for request: QueryRequest) -> Result<CompiledStatement, CompilationRefusal> {
        switch prepare(request, tableRows: tableRows.snapshot) {
        case .success(.query(let prepared)):
            return .success(CompiledStatement(sql: prepared.compiled.sql, parameters: prepared.parameters,
                                              plan: Self.planMode(prepared.compiled.planCacheMode)))
        case .success(.mutation):
            return .failure(CompilationRefusal(errors: [GraphQLResponseError(
                message: "A mutation runs several statements in a transaction; only queries can be explained.", code: "BAD_REQUEST")]))
        case .failure(let failure):
            switch failure.result {
            case .rejected(let errors), .unavailable(let errors): return .failure(CompilationRefusal(errors: errors))
            default: return .failure(CompilationRefusal(errors: [GraphQLResponseError(message: "Not a query that can run.", code: "BAD_REQUEST")]))
            }
        }
    }

    public func execute(_ request: QueryRequest) async -> QueryResult {
        let principal = request.principal
        // A kept answer needs no check: the same text, variables and principal were admitted when it was stored.
        let answerKey = answers.flatMap { $0.cache.isEnabled ? AnswerCache.key(for: request) : nil }
        if let answerKey, let body = answers?.cache.answer(for: answerKey) {
            return .executed(body: body)
        }
        let prepared: Prepared
        switch prepare(request, tableRows: await tableRows.current(pool, logger: logger)) {
        case .success(.query(let success)): prepared = success
        case .success(.mutation(let mutation)): return await execute(mutation, for: request)
        case .failure(let failure): return failure.result
        }
        let (context, compiled) = (prepared.context, prepared.compiled)
        var parameters = prepared.parameters
        var introspectionErrors: [GraphQLResponseError] = []
        var introspectionData: [String: String] = [:]
        if compiled.asksIntrospection, !context.allowsIntrospection {
            return .rejected(errors: [GraphQLResponseError(
                message: "Introspection is turned off for the role \(principal.role.rawValue).", code: "INTROSPECTION_DISABLED")])
        }
        if compiled.asksIntrospection {
            let answer = await context.introspection.answer(document: prepared.document, operation: prepared.operation,
                                                            query: request.query, variables: request.variables ?? [:])
            if answer.refused { return .rejected(errors: answer.errors) }
            introspectionErrors = answer.errors
            introspectionData = answer.fields
        }
        if compiled.isIntrospectionOnly {
            let object = compiled.introspectionSlots.map { slot in
                "\(Self.jsonString(slot.responseKey)):\(introspectionData[slot.responseKey] ?? "null")"
            }
            return .executed(body: Self.body(data: "{" + object.joined(separator: ",") + "}", errors: introspectionErrors),
                             errorCode: introspectionErrors.first?.code)
        }
        for slot in compiled.introspectionSlots {
            parameters[slot.parameterIndex - 1] = introspectionData[slot.responseKey] ?? "null"
        }
        let started = ContinuousClock.now
        let outcome: QueryResult
        let code: String
        let ticket = answerKey == nil ? nil : answers?.cache.ticket()
        do {
            let (rows, fromPrimary) = try await read(compiled.sql, parameters, plan: Self.planMode(compiled.planCacheMode))
            let body = Self.body(data: rows.scalar ?? "null", errors: introspectionErrors,
                                 extensions: Self.explainExtension(request, compiled, parameters: parameters))
            outcome = .executed(body: body, errorCode: introspectionErrors.first?.code)
            code = "ok"
            // Only complete answers of queries, and only the primary's: a replica may not have replayed a write whose
            // notification already arrived, and its answer would be kept as if it were current.
            if let answers, let answerKey, let ticket, fromPrimary, introspectionErrors.isEmpty, prepared.operation.operation == .query {
                answers.cache.store(body, for: answerKey, sql: compiled.sql, ticket: ticket)
            }
        } catch {
            let message: String
            if let failure = error as? PostgresError, failure.isConnectionError {
                code = "DATABASE_UNAVAILABLE"
                message = "The database is unavailable. Try again shortly."
            } else if case .poolTimeout = error as? PostgresError {
                (message, code) = ("The database is busy: no connection became free in time. Try again.", LimitCode.databaseBusy)
            } else if case .cancelled(.timeout(let limit))? = error as? PostgresError {
                (message, code) = ("The query ran longer than \(limit) and was cancelled on the server.", LimitCode.timeout)
            } else if case .cancelled(.callerGone)? = error as? PostgresError {
                (message, code) = ("The request was cancelled.", "REQUEST_CANCELLED")
            } else if case .server(let serverError)? = error as? PostgresError, serverError.sqlState == .qunjiBadInput {
                (message, code) = (serverError.message, "BAD_USER_INPUT")
            } else if case .server(let serverError)? = error as? PostgresError, serverError.sqlState.errorClass == "22" {
                // Class 22 (data exception): a value the request carried that PostgreSQL refuses (a NUL character, a date
                // out of its range, a key of the wrong type, a LIKE pattern ending in an escape). The client's input,
                // not a server fault; logged without the parameters.
                (message, code) = ("A value in the request is not valid here: \(serverError.message).", "BAD_USER_INPUT")
                logger.warning("query refused a value", metadata: ["sqlstate": "\(serverError.sqlState)", "request_id": "\(request.requestID ?? "-")",
                                                                   "plan_id": "\(StatementName.forSQL(compiled.sql))"])
            } else {
                (message, code) = ("The database could not answer this query.", "INTERNAL_SERVER_ERROR")
            }
            if code == "INTERNAL_SERVER_ERROR" {
                logger.error("query failed", metadata: ["error": "\(error)", "request_id": "\(request.requestID ?? "-")",
                                                        "plan_id": "\(StatementName.forSQL(compiled.sql))", "sql": "\(compiled.sql)"])
            }
            let failure = GraphQLResponseError(message: message, code: code)
            outcome = code == "DATABASE_UNAVAILABLE"
                ? .unavailable(errors: introspectionErrors + [failure])
                : .executed(body: Self.body(data: "null", errors: introspectionErrors + [failure]),
                            errorCode: (introspectionErrors.first ?? failure).code)
        }
        observer?.statementFinished(StatementEvent(
            requestID: request.requestID, operationName: request.operationName, role: principal.role,
            sql: compiled.sql, duration: ContinuousClock.now - started, outcome: code))
        return outcome
    }

    /// Whether a stream keeps answering the request's operation: a subscription, or a query marked `@live` (the
    /// graphql-live-query convention, for a dashboard panel's several root fields in one live operation, which a
    /// subscription's single root field cannot hold). The document is parsed once, as for answering it.
    func isLive(_ request: QueryRequest) -> Bool {
        guard let context = contexts[request.principal.role], let document = context.documents.document(for: request.query).document,
              let operation = try? QueryCompiler.selectOperation(document, request.operationName) else { return false }
        switch operation.operation {
        case .subscription: return true
        case .query: return operation.directives.contains { $0.name.value == LiveDirective.name }
        case .mutation: return false
        }
    }

    /// The driver's plan-cache mode for the planner's choice.
    private static func planMode(_ mode: PlanCacheMode) -> PlanMode {
        switch mode {
        case .automatic: .automatic
        case .generic: .generic
        case .perExecution: .perExecution
        }
    }

    /// Runs a query on the primary or a replica, in turn; a replica that cannot be reached hands the query to
    /// the primary, so a lost replica costs capacity, not answers. Says whether the primary answered.
    private func read(_ sql: String, _ parameters: [String?], plan: PlanMode) async throws -> (PostgresRows, fromPrimary: Bool) {
        let timeout = limits.statementTimeout
        guard !replicas.isEmpty else {
            return (try await pool.queryPrepared(sql, parameters, timeout: timeout, plan: plan), true)
        }
        let index = turn.next(modulo: replicas.count + 1)
        guard index > 0 else { return (try await pool.queryPrepared(sql, parameters, timeout: timeout, plan: plan), true) }
        do {
            return (try await replicas[index - 1].queryPrepared(sql, parameters, timeout: timeout, plan: plan), false)
        } catch let error as PostgresError where error.isConnectionError {
            logger.warning("read replica unavailable; answering from the primary", metadata: ["replica": "\(index)", "error": "\(error)"])
            return (try await pool.queryPrepared(sql, parameters, timeout: timeout, plan: plan), true)
        }
    }

    /// `{"data":…}` (and `"errors"` when there are any), written without decoding the data text.
    static func body(data: String, errors: [GraphQLResponseError], extensions: String? = nil) -> [UInt8] {
        var text = errors.isEmpty ? "{\"data\":" + data : "{\"errors\":" + GraphQLResponseError.jsonArray(errors) + ",\"data\":" + data
        if let extensions { text += ",\"extensions\":" + extensions }
        return Array((text + "}").utf8)
    }

    /// `{"sql":…,"planId":…}` for a request that asked for it (`extensions.explain: true`) from a role that may
    /// see SQL, else nil. The SQL has its parameters written in, ready for psql or `EXPLAIN`.
    static func explainExtension(_ request: QueryRequest, _ compiled: CompiledOperation, parameters: [String?]) -> String? {
        guard case .bool(true)? = request.extensions?["explain"], request.principal.role.maySeeSQL else { return nil }
        // `sql` is for reading (values written in, by one safe pass); `statement` and `parameters` are what ran.
        let inlined = CompiledStatement(sql: compiled.sql, parameters: parameters).inlined
        let bound = "[" + parameters.map { $0.map(jsonString) ?? "null" }.joined(separator: ",") + "]"
        return "{\"sql\":" + jsonString(inlined) + ",\"statement\":" + jsonString(compiled.sql) + ",\"parameters\":" + bound
            + ",\"planId\":" + jsonString(StatementName.forSQL(compiled.sql)) + "}"
    }

    static func jsonString(_ text: String) -> String {
        GraphQLResponseError.quoted(text)
    }
}

/// A request refused before reaching the database, with the answer to give.
struct PreparationFailure: Error {
    let result: QueryResult
    init(_ result: QueryResult) { self.result = result }
}

/// Why a request did not compile: the errors it would be answered with.
public struct CompilationRefusal: Error, Sendable {
    public let errors: [GraphQLResponseError]
}

/// One compiled statement: the SQL and its text parameters.
public struct CompiledStatement: Sendable {
    public let sql: String
    public let parameters: [String?]
    /// The plan-cache mode the server runs it under, so that a benchmark's floor plans it as the server does.
    public let plan: PlanMode

    public init(sql: String, parameters: [String?], plan: PlanMode = .automatic) {
        self.sql = sql
        self.parameters = parameters
        self.plan = plan
    }

    /// The SQL with every `$n` replaced by its value as a quoted literal (NULL for nil), for people and for
    /// tools that cannot bind parameters (pgbench scripts, psql). One pass over the text, replacing only
    /// placeholders outside quoted literals: a value is never searched again, so a value holding `$1` or a
    /// quote cannot turn into SQL. Nothing that runs a statement uses this text; it binds the parameters.
    public var inlined: String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + parameters.reduce(0) { $0 + ($1?.utf8.count ?? 4) + 2 })
        var characters = sql.unicodeScalars[...]
        var inLiteral = false
        while let character = characters.popFirst() {
            if character == "'" {
                inLiteral.toggle()  // a doubled quote inside a literal toggles twice: still inside
                output.unicodeScalars.append(character)
                continue
            }
            guard !inLiteral, character == "$" else {
                output.unicodeScalars.append(character)
                continue
            }
            let digits = characters.prefix { ("0"..."9").contains($0) }
            guard let number = Int(String(String.UnicodeScalarView(digits))), number >= 1, number <= parameters.count else {
                output.unicodeScalars.append(character)
                continue
            }
            characters = characters.dropFirst(digits.count)
            output += parameters[number - 1].map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
        }
        return output
    }
}

/// Why the service could not start.
public enum ServiceSetupError: Error, CustomStringConvertible {
    case schemaMismatch([String])

    public var description: String {
        switch self {
        case .schemaMismatch(let problems):
            return "schema/schema.graphql and the catalog disagree:\n  " + problems.joined(separator: "\n  ")
        }
    }
}
