import GraphQL
import Planner

/// The outcome of parsing and validating one query text, as the document cache keeps it.
public struct CachedDocument: Sendable {
    /// `extensions.code` of syntax errors.
    public static let parseFailedCode = "GRAPHQL_PARSE_FAILED"
    /// `extensions.code` of validation errors.
    public static let validationFailedCode = "GRAPHQL_VALIDATION_FAILED"

    public enum Outcome: Sendable {
        /// Parsed and valid against the schema: ready to plan.
        case valid(Document)
        /// Rejected, with the errors to send (parse or validation; never both).
        case invalid([GraphQLResponseError])
    }

    public let outcome: Outcome
    /// The literals of a valid document, found once: they key its plans (``DocumentLiterals``).
    package let literals: DocumentLiterals

    public init(outcome: Outcome) {
        self.outcome = outcome
        if case .valid(let document) = outcome {
            literals = DocumentLiterals(document: document)
        } else {
            literals = .empty
        }
    }

    /// The validated document, or nil when the text was rejected.
    public var document: Document? {
        if case .valid(let document) = outcome { return document }
        return nil
    }

    /// The errors to answer with; empty when the document is valid.
    public var errors: [GraphQLResponseError] {
        if case .invalid(let errors) = outcome { return errors }
        return []
    }

    /// Scans `query` against the lexical limits, parses it, validates it with every spec rule (GraphQL
    /// 4.3.0's plus Field Selection Merging) and checks its shape against the depth and alias limits.
    /// Never throws: a syntax error or a limit crossed is an outcome to cache like any other.
    static func compile(query: String, typeIndex: SchemaTypeIndex, limits: RequestLimits = .standard) -> CachedDocument {
        switch QueryTextScan.check(query, maximumTokens: limits.maximumTokens, maximumDepth: limits.maximumParseDepth) {
        case .tooManyTokens(let limit)?:
            return CachedDocument(outcome: .invalid([GraphQLResponseError(
                message: "The query has more than \(limit) tokens, the most this server accepts.", code: LimitCode.tooManyTokens)]))
        case .tooDeep(let limit)?:
            return CachedDocument(outcome: .invalid([GraphQLResponseError(
                message: "The query nests brackets more than \(limit) levels deep, the most this server accepts.",
                code: LimitCode.parseDepth)]))
        case nil:
            break
        }
        let document: Document
        do {
            document = try parse(source: query)
        } catch let error as GraphQLError {
            return CachedDocument(outcome: .invalid([GraphQLResponseError(graphQLError: error, code: parseFailedCode)]))
        } catch {
            return CachedDocument(outcome: .invalid([GraphQLResponseError(message: "\(error)", code: parseFailedCode)]))
        }
        let errors = validateDocument(typeIndex: typeIndex, document: document)
        guard errors.isEmpty else {
            return CachedDocument(
                outcome: .invalid(errors.map { GraphQLResponseError(graphQLError: $0, code: validationFailedCode) })
            )
        }
        let shape = DocumentShape(document: document)
        if shape.selectionDepth > limits.maximumSelectionDepth {
            return CachedDocument(outcome: .invalid([GraphQLResponseError(
                message: "The query selects fields \(shape.selectionDepth) levels deep; this server allows \(limits.maximumSelectionDepth).",
                code: LimitCode.selectionDepth)]))
        }
        if shape.aliasesPerSelectionSet > limits.maximumAliases {
            return CachedDocument(outcome: .invalid([GraphQLResponseError(
                message: "A selection set of the query has \(shape.aliasesPerSelectionSet) aliased fields; this server allows \(limits.maximumAliases).",
                code: LimitCode.aliases)]))
        }
        return CachedDocument(outcome: .valid(document))
    }
}
