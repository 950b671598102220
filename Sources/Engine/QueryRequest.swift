// Named QueryRequest/QueryResult (not GraphQLRequest/GraphQLResult) because the GraphQL package has types of those names.
import GraphQL
import Planner

/// One GraphQL request as the HTTP layer received it (GraphQL over HTTP: `query`, `operationName`,
/// `variables`, `extensions`), whatever the transport details were.
public struct QueryRequest: Sendable {
    /// How the request arrived: a GET may only run queries (a mutation over GET is 405).
    public enum Method: Sendable { case get, post }

    public var query: String
    public var operationName: String?
    /// Variables as decoded JSON; nil when absent or JSON null.
    public var variables: [String: Map]?
    public var extensions: [String: Map]?
    public var method: Method
    /// Who asks: decides the schema the request is validated against and the rows it may read.
    public var principal: Principal
    /// `extensions.persistedQuery.sha256Hash` (automatic persisted queries / trusted documents), lower-case hex;
    /// with it `query` may be empty until the server fills it in from its store.
    public var persistedQueryHash: String?
    /// The request's id (`X-Request-Id`), for logs.
    public var requestID: String?
    /// The client's address as the server saw it (the audit log of a mutation keeps it).
    public var clientAddress: String?
    /// The `Idempotency-Key` header of a mutation: a retry with the same key gets the first answer.
    public var idempotencyKey: String?
    /// Whether the request came on a stream (GraphQL over SSE): only then is a subscription answered (``QueryService/live``).
    public var isLive = false

    public init(query: String, operationName: String? = nil, variables: [String: Map]? = nil,
                extensions: [String: Map]? = nil, method: Method = .post, principal: Principal = .anonymous) {
        self.query = query
        self.operationName = operationName
        self.variables = variables
        self.extensions = extensions
        self.method = method
        self.principal = principal
    }
}

/// What executing a request produced, in the terms the HTTP layer needs to pick a status code.
public enum QueryResult: Sendable {
    /// The operation ran: a complete response body (`{"data":…}` and possibly `"errors"`), UTF-8 JSON,
    /// ready to write as is.
    /// `errorCode`: the first error's `extensions.code` when the body has errors (metrics label the request by it
    /// without reading the body again).
    case executed(body: [UInt8], errorCode: String? = nil)
    /// The request failed before execution (parse, validation, variable coercion, unknown operation):
    /// no `data` entry (GraphQL over HTTP: 400 with `application/graphql-response+json`).
    case rejected(errors: [GraphQLResponseError])
    /// A mutation (or subscription) sent with GET (405, `Allow: POST`).
    case notAllowedOverGET
    /// The database could not be reached: no `data` (503 with `Retry-After` for
    /// `application/graphql-response+json`; 200 for `application/json`, as the spec asks).
    case unavailable(errors: [GraphQLResponseError])
}

/// Executes GraphQL requests: what the HTTP layer calls. Implemented by `QueryService` over PostgreSQL.
public protocol GraphQLExecuting: Sendable {
    func execute(_ request: QueryRequest) async -> QueryResult
    /// Whether the service can answer: database reachable and schema loaded (`/readyz`).
    func isReady() async -> Bool
    /// Counts for `/metrics`.
    func snapshot() async -> ExecutorSnapshot
    /// The answers to a request made on a stream: a subscription's live answers, else its one answer.
    func stream(_ request: QueryRequest) -> AsyncStream<LiveEvent>
}

extension GraphQLExecuting {
    public func snapshot() async -> ExecutorSnapshot { ExecutorSnapshot() }

    /// The answers to a request made on a stream (GraphQL over SSE): by default its one answer.
    public func stream(_ request: QueryRequest) -> AsyncStream<LiveEvent> {
        oneAnswer(to: request)
    }

    /// A stream of `request`'s one answer (a query or mutation on a stream, or a subscription with no change feed).
    func oneAnswer(to request: QueryRequest) -> AsyncStream<LiveEvent> {
        AsyncStream { continuation in
            let task = Task {
                continuation.yield(.result(await execute(request)))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
