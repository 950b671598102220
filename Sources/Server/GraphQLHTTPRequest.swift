import Engine
import GraphQL
import Hummingbird
import Planner

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
            Result { () throws(JSONParser.Failure) -> Map in try JSONParser.parse(bytes, as: Map.self) }
        }
        let document: Map
        switch parsed {
        case .success(let value): document = value
        case .failure(let failure): throw .badRequest("The request body is not valid JSON: \(failure.description).")
        }
        guard case .dictionary(let fields) = document else {
            throw .badRequest("The request body must be a JSON object with a \"query\" string.")
        }
        let operationName = try optionalString(fields["operationName"], name: "operationName")
        let variables = try optionalObject(fields["variables"], name: "variables")
        let extensions = try optionalObject(fields["extensions"], name: "extensions")
        let hash = try persistedQueryHash(extensions)
        let query = try hash != nil && isAbsent(fields["query"]) ? "" : requiredQuery(fields["query"])
        var request = QueryRequest(
            query: query, operationName: operationName, variables: variables, extensions: extensions, method: .post
        )
        request.persistedQueryHash = hash
        return request
    }

    // MARK: GET

    /// Parses a GET's query string (the part after `?`, still percent-encoded; nil when there is none).
    static func parseGET(queryString: Substring?) throws(GraphQLHTTPError) -> QueryRequest {
        let pairs = FormURLEncoded.decode(queryString ?? "")
        // An empty operationName parameter is how HTML forms send "none".
        let operationName = FormURLEncoded.firstValue(of: "operationName", in: pairs).flatMap { $0.isEmpty ? nil : $0 }
        let variables = try jsonParameter(FormURLEncoded.firstValue(of: "variables", in: pairs), name: "variables")
        let extensions = try jsonParameter(FormURLEncoded.firstValue(of: "extensions", in: pairs), name: "extensions")
        let hash = try persistedQueryHash(extensions)
        guard let query = FormURLEncoded.firstValue(of: "query", in: pairs) ?? (hash != nil ? "" : nil) else {
            throw .badRequest("Missing the \"query\" parameter.")
        }
        var request = QueryRequest(
            query: query, operationName: operationName, variables: variables, extensions: extensions, method: .get
        )
        request.persistedQueryHash = hash
        return request
    }

    /// Whether a GET's query string has a `query` parameter (without it a browser gets the explorer).
    static func hasQueryParameter(_ queryString: Substring?) -> Bool {
        guard let queryString else { return false }
        return FormURLEncoded.firstValue(of: "query", in: FormURLEncoded.decode(queryString)) != nil
    }

    /// A JSON-text GET parameter that must hold an object or null; absent or empty means absent.
    private static func jsonParameter(_ text: String?, name: String) throws(GraphQLHTTPError) -> [String: Map]? {
        guard let text, !text.isEmpty else { return nil }
        let parsed = Result { () throws(JSONParser.Failure) -> Map in try JSONParser.parse(text, as: Map.self) }
        switch parsed {
        case .success(let value): return try optionalObject(value, name: name)
        case .failure(let failure): throw .badRequest("The \"\(name)\" parameter is not valid JSON: \(failure.description).")
        }
    }

    // MARK: Field rules

    /// `extensions.persistedQuery.sha256Hash` (Apollo's automatic persisted queries, version 1), checked.
    private static func persistedQueryHash(_ extensions: [String: Map]?) throws(GraphQLHTTPError) -> String? {
        guard let persisted = extensions?["persistedQuery"], !isAbsent(persisted) else { return nil }
        guard case .dictionary(let fields) = persisted else {
            throw .badRequest("\"extensions.persistedQuery\" must be an object with \"version\" and \"sha256Hash\".")
        }
        if case .number(let version)? = fields["version"], version.intValue != 1 {
            throw GraphQLHTTPError(status: .badRequest, code: "PERSISTED_QUERY_NOT_SUPPORTED",
                                   message: "Only version 1 of persisted queries is supported.")
        }
        guard case .string(let hash)? = fields["sha256Hash"], hash.utf8.count == 64,
              hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) })
        else {
            throw .badRequest("\"extensions.persistedQuery.sha256Hash\" must be a SHA-256 in hexadecimal (64 characters).")
        }
        return hash.lowercased()
    }

    private static func isAbsent(_ value: Map?) -> Bool {
        switch value {
        case nil, .null?, .undefined?: return true
        default: return false
        }
    }

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
