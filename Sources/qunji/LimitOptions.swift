import ArgumentParser
import Engine
import Foundation
import Planner

/// The request limits of `qunji serve` (``RequestLimits``): each a flag, else an environment variable,
/// else the documented default. The README's configuration table lists the same names.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-query-bytes"), help: "Longest query text in bytes (default 100000; $QUNJI_MAX_QUERY_BYTES).")
    var maximumQueryBytes: Int?

    @Option(name: .customLong("max-tokens"), help: "Most tokens in a query, checked before parsing (default 10000; $QUNJI_MAX_TOKENS).")
    var maximumTokens: Int?

    @Option(name: .customLong("max-parse-depth"), help: "Deepest bracket nesting, checked before parsing (default 64; $QUNJI_MAX_PARSE_DEPTH).")
    var maximumParseDepth: Int?

    @Option(name: .customLong("max-depth"), help: "Deepest field selection (default 20; $QUNJI_MAX_DEPTH).")
    var maximumSelectionDepth: Int?

    @Option(name: .customLong("max-aliases"), help: "Most aliased fields in one selection set (default 50; $QUNJI_MAX_ALIASES).")
    var maximumAliases: Int?

    @Option(name: .customLong("max-cost"), help: "Largest estimated cost of an anonymous request: page sizes multiplied through nested lists, plus rule weights, plus the rows filters, totals and groups read (default 100000; $QUNJI_MAX_COST).")
    var maximumCost: Int?

    @Option(name: .customLong("max-cost-authenticated"), help: "The same for requests with a key or token (default 1000000; $QUNJI_MAX_COST_AUTHENTICATED).")
    var maximumAuthenticatedCost: Int?

    @Option(name: .customLong("max-variable-values"), help: "Most values in the variables (default 10000; $QUNJI_MAX_VARIABLE_VALUES).")
    var maximumVariableValues: Int?

    @Option(name: .customLong("max-variable-depth"), help: "Deepest nesting in the variables (default 32; $QUNJI_MAX_VARIABLE_DEPTH).")
    var maximumVariableDepth: Int?

    @Option(name: .customLong("statement-timeout"), help: "Seconds a query may run before it is cancelled on the server; 0: none (default 10; $QUNJI_STATEMENT_TIMEOUT).")
    var statementTimeout: Double?

    @Option(name: .customLong("pool-wait"), help: "Seconds a request may wait for a database connection (default 5; $QUNJI_POOL_WAIT).")
    var poolWait: Double?

    @Option(name: .customLong("cache-mb"), help: "Memory all caches together may hold, in MiB (default 64; $QUNJI_CACHE_MB).")
    var cacheMegabytes: Int?

    /// The caches' budgets, split from the total (`CacheBudgets(megabytes:)`).
    func cacheBudgets(environment: [String: String]) throws -> CacheBudgets {
        let value = try Self.wholeNumber(cacheMegabytes, "QUNJI_CACHE_MB", environment) ?? 64
        guard (1...65_536).contains(value) else { throw ValidationError("--cache-mb must be between 1 and 65536 (got \(value))") }
        return CacheBudgets(megabytes: value)
    }

    @Option(name: .customLong("answer-cache-bytes"),
            help: "Memory for whole answers kept until the data they were read from changes, in bytes; 0 turns the answer cache off (default 33554432, 32 MiB; $QUNJI_ANSWER_CACHE_BYTES).")
    var answerCacheBytes: Int?

    /// The answer cache's budget in bytes (0: off).
    func answerCacheBudget(environment: [String: String]) throws -> Int {
        let value = try Self.wholeNumber(answerCacheBytes, "QUNJI_ANSWER_CACHE_BYTES", environment) ?? 32 << 20
        guard (0...(64 << 30)).contains(value) else {
            throw ValidationError("--answer-cache-bytes must be between 0 and 68719476736 (got \(value))")
        }
        return value
    }

    @Option(name: .customLong("slow-query-ms"), help: "Log statements slower than this many milliseconds with their SQL (default 500; $QUNJI_SLOW_QUERY_MS).")
    var slowQueryMilliseconds: Int?

    /// The flag's value, else the environment variable's (which must then be a whole number), else nil.
    static func wholeNumber(_ flag: Int?, _ variable: String, _ environment: [String: String]) throws -> Int? {
        if let flag { return flag }
        guard let text = environment[variable] else { return nil }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("$\(variable) must be a whole number (got \"\(text)\")")
        }
        return number
    }

    /// The slow-query log's threshold.
    func slowQueryThreshold(environment: [String: String]) throws -> Duration {
        let value = slowQueryMilliseconds ?? environment["QUNJI_SLOW_QUERY_MS"].flatMap { Int($0) } ?? 500
        guard value >= 0 else { throw ValidationError("--slow-query-ms must not be negative") }
        return .milliseconds(value)
    }

    /// The limits, each from its flag, its variable or the default.
    func limits(environment: [String: String]) throws -> RequestLimits {
        var limits = RequestLimits.standard
        func positive(_ flag: Int?, _ name: String, _ key: String, _ fallback: Int) throws -> Int {
            let value = try Self.wholeNumber(flag, key, environment) ?? fallback
            guard value > 0 else { throw ValidationError("--\(name) must be positive (got \(value))") }
            return value
        }
        limits.maximumQueryBytes = try positive(maximumQueryBytes, "max-query-bytes", "QUNJI_MAX_QUERY_BYTES", limits.maximumQueryBytes)
        limits.maximumTokens = try positive(maximumTokens, "max-tokens", "QUNJI_MAX_TOKENS", limits.maximumTokens)
        limits.maximumParseDepth = try positive(maximumParseDepth, "max-parse-depth", "QUNJI_MAX_PARSE_DEPTH", limits.maximumParseDepth)
        limits.maximumSelectionDepth = try positive(maximumSelectionDepth, "max-depth", "QUNJI_MAX_DEPTH", limits.maximumSelectionDepth)
        limits.maximumAliases = try positive(maximumAliases, "max-aliases", "QUNJI_MAX_ALIASES", limits.maximumAliases)
        limits.maximumCost = try positive(maximumCost, "max-cost", "QUNJI_MAX_COST", limits.maximumCost)
        limits.maximumAuthenticatedCost = try positive(maximumAuthenticatedCost, "max-cost-authenticated",
                                                       "QUNJI_MAX_COST_AUTHENTICATED", limits.maximumAuthenticatedCost)
        limits.maximumVariableValues = try positive(maximumVariableValues, "max-variable-values", "QUNJI_MAX_VARIABLE_VALUES",
                                                    limits.maximumVariableValues)
        limits.maximumVariableDepth = try positive(maximumVariableDepth, "max-variable-depth", "QUNJI_MAX_VARIABLE_DEPTH",
                                                   limits.maximumVariableDepth)
        let timeout = try Self.seconds(statementTimeout, "statement-timeout", "QUNJI_STATEMENT_TIMEOUT", environment) ?? 10
        limits.statementTimeout = timeout == 0 ? nil : .milliseconds(Int64(timeout * 1000))
        return limits
    }

    /// How long a request may wait for a pooled connection.
    func poolWaitDuration(environment: [String: String]) throws -> Duration {
        let value = try Self.seconds(poolWait, "pool-wait", "QUNJI_POOL_WAIT", environment) ?? 5
        guard value > 0 else { throw ValidationError("--pool-wait must be positive (got \(value))") }
        return .milliseconds(Int64(value * 1000))
    }

    /// A number of seconds from `--name` or `$key`, refused when not a number or outside 0...3600.
    static func seconds(_ flag: Double?, _ name: String, _ key: String, _ environment: [String: String]) throws -> Double? {
        let value = try flag ?? environment[key].map { text in
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("$\(key) must be a number of seconds (got \"\(text)\")")
            }
            return number
        }
        if let value, !(0...3600).contains(value) {
            throw ValidationError("--\(name) must be between 0 and 3600 seconds (got \(value))")
        }
        return value
    }
}
