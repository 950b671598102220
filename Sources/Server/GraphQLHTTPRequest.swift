import Compiler
import GraphQL
import Hummingbird

/// Turns the transport form of a GraphQL request (GET query string or POST JSON body) into a
/// `QueryRequest`, or the `GraphQLHTTPError` that explains why it is not a well-formed one.
///
/// The rules are the GraphQL-over-HTTP draft's, as the graphql-http audits check them:
/// - `query` is required and must be a string;
/// - `operationName` is a string or null; `variables` and `extensions` are objects or null;
/// - null is the same as absent, and unknown keys are ignored;
/// - over GET, `variables` and `extensions` are JSON texts in the query string.
///
/// Pure functions of their input: the route handlers do the I/O (reading the body under a size limit).
enum GraphQLHTTPRequest {
    // MARK: POST

    /// Checks a POST's `Content-Type`: `application/json`, optionally with a UTF-8 charset.
    ///
    /// A missing header is refused too (415): without it the body's format is a guess, and the audit 9ABE
    /// asks for a 4xx.
    static func checkContentType(_ header: String?) throws(GraphQLHTTPError) {
        guard let header, let range = MediaRange(header[...]),
            range.type == "application", range.subtype == "json", range.allowsUTF8
        else {
            throw .unsupportedMediaType(header)
        }
    }

    /// Parses a POST body (already read, within the size limit).
    static func parsePOST(body: ByteBuffer) throws(GraphQLHTTPError) -> QueryRequest {
        guard body.readableBytes > 0 else {
            throw .badRequest("The request body is empty; expected a JSON object with a \"query\" string.")
        }
        let parsed = body.withUnsafeReadableBytes { bytes in
            Result { () throws(JSONMapParser.Failure) -> Map in try JSONMapParser.parse(bytes) }
        }
        let document: Map
        switch parsed {
        case .success(let value): document = value
        case .failure(let failure): throw .badRequest("The request body is not valid JSON: \(failure.description).")
        }
        guard case .dictionary(let fields) = document else {
            throw .badRequest("The request body must be a JSON object with a \"query\" string.")
        }
        let query = try requiredQuery(fields["query"])
        let operationName = try optionalString(fields["operationName"], name: "operationName")
        let variables = try optionalObject(fields["variables"], name: "variables")
        let extensions = try optionalObject(fields["extensions"], name: "extensions")
        return QueryRequest(
            query: query, operationName: operationName, variables: variables, extensions: extensions, method: .post
        )
    }

    // MARK: GET

    /// Parses a GET's query string (the part after `?`, still percent-encoded; nil when there is none).
    static func parseGET(queryString: Substring?) throws(GraphQLHTTPError) -> QueryRequest {
        let pairs = FormURLEncoded.decode(queryString ?? "")
        guard let query = FormURLEncoded.firstValue(of: "query", in: pairs) else {
            throw .badRequest("Missing the \"query\" parameter.")
        }
        // An empty operationName parameter is how HTML forms send "none".
        let operationName = FormURLEncoded.firstValue(of: "operationName", in: pairs).flatMap { $0.isEmpty ? nil : $0 }
        let variables = try jsonParameter(FormURLEncoded.firstValue(of: "variables", in: pairs), name: "variables")
        let extensions = try jsonParameter(FormURLEncoded.firstValue(of: "extensions", in: pairs), name: "extensions")
        return QueryRequest(
            query: query, operationName: operationName, variables: variables, extensions: extensions, method: .get
        )
    }

    /// Whether a GET's query string has a `query` parameter (without it a browser gets the explorer).
    static func hasQueryParameter(_ queryString: Substring?) -> Bool {
        guard let queryString else { return false }
        return FormURLEncoded.firstValue(of: "query", in: FormURLEncoded.decode(queryString)) != nil
    }

    /// A JSON-text GET parameter that must hold an object or null; absent or empty means absent.
    private static func jsonParameter(_ text: String?, name: String) throws(GraphQLHTTPError) -> [String: Map]? {
        guard let text, !text.isEmpty else { return nil }
        let parsed = Result { () throws(JSONMapParser.Failure) -> Map in try JSONMapParser.parse(text) }
        switch parsed {
        case .success(let value): return try optionalObject(value, name: name)
        case .failure(let failure): throw .badRequest("The \"\(name)\" parameter is not valid JSON: \(failure.description).")
        }
    }

    // MARK: Field rules

    private static func requiredQuery(_ value: Map?) throws(GraphQLHTTPError) -> String {
        switch value {
        case .string(let query)?:
            return query
        case nil, .null?, .undefined?:
            throw .badRequest("Missing the \"query\" parameter: a string holding the GraphQL document.")
        case let other?:
            throw .badRequest("The \"query\" parameter must be a string, not \(describe(other)).")
        }
    }

    private static func optionalString(_ value: Map?, name: String) throws(GraphQLHTTPError) -> String? {
        switch value {
        case .string(let string)?: return string
        case nil, .null?, .undefined?: return nil
        case let other?: throw .badRequest("The \"\(name)\" parameter must be a string or null, not \(describe(other)).")
        }
    }

    private static func optionalObject(_ value: Map?, name: String) throws(GraphQLHTTPError) -> [String: Map]? {
        switch value {
        case .dictionary(let fields)?:
            var object: [String: Map] = [:]
            object.reserveCapacity(fields.count)
            for (key, value) in fields { object[key] = value }
            return object
        case nil, .null?, .undefined?:
            return nil
        case let other?:
            throw .badRequest("The \"\(name)\" parameter must be an object or null, not \(describe(other)).")
        }
    }

    /// "a number", "an array", … for messages.
    private static func describe(_ value: Map) -> String {
        switch value {
        case .undefined, .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .dictionary: "an object"
        }
    }
}
