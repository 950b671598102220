import Logging
import Postgres

/// Fills a migrated database with deterministic, internally consistent sample data.
///
/// Same `scale` and `seed` give byte-identical rows, so benchmark runs and tests can rely on them.
/// Everything generated is marked as sample data (`is_sample`, the `data_set` row, "样例" in texts);
/// only the reference tables loaded by the migrations hold real facts.
public struct SampleDataGenerator: Sendable {
    /// Multiplies clusters, enterprises, indicators and measures: 1 is the province as a dashboard would
    /// see it (about 30 recognised clusters); larger scales are for benchmarks.
    public let scale: Int
    public let seed: UInt64
    /// Replace existing sample data instead of refusing.
    public let replace: Bool

    public static let defaultSeed: UInt64 = 20_230_423  // the measures' issue date

    public init(scale: Int = 1, seed: UInt64 = SampleDataGenerator.defaultSeed, replace: Bool = false) {
        self.scale = max(1, scale)
        self.seed = seed
        self.replace = replace
    }

    /// Generates the rows without touching a database (for tests of determinism and for sizing).
    func generate(references: ReferenceData) -> SampleDataSet {
        SampleBuilder(references: references, scale: scale, seed: seed).build()
    }

    /// Loads the sample data in one transaction with COPY; on any error nothing is kept.
    /// Blocking: run it where blocking is allowed.
    ///
    /// - Parameter progress: told what is happening at each step (generating, each table copied with its row
    ///   count, the checks at commit), for a command line to show; a scale-100 load takes about a minute.
    @discardableResult
    public func load(into connection: PostgresConnection, logger: Logger = Logger(label: "qunji.seed"),
                     progress: (String) -> Void = { _ in }) throws
        -> SampleLoadSummary
    {
        try connection.execute("BEGIN")
        do {
            let summary = try loadInTransaction(connection, logger: logger, progress: progress)
            progress("committing (the geography checks of Art. 2 and 13 run now)")
            try connection.execute("COMMIT")
            // Fresh statistics, so the first queries after a load are planned on the data just loaded rather than
            // on empty tables (at scale 100, 0.4 s instead of 15 ms for target progress until autovacuum gets to it).
            // Only the tables this role owns: a database-wide ANALYZE by the demo database's owner, who is not a
            // superuser, would warn once for every system catalog it may not analyze.
            progress("analyzing the tables")
            try connection.execute(Self.analyzeOwnTables)
            return summary
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func loadInTransaction(_ connection: PostgresConnection, logger: Logger, progress: (String) -> Void) throws
        -> SampleLoadSummary
    {
        let existing = try connection.query("""
            SELECT (SELECT count(*) FROM cluster), (SELECT count(*) FROM cluster WHERE NOT is_sample),
                   (SELECT count(*) FROM enterprise WHERE NOT is_sample),
                   (SELECT count(*) FROM support_measure WHERE NOT is_sample)
            """)
        let clusters = Int(existing[0, 0] ?? "0") ?? 0
        let realRows = (1...3).reduce(0) { $0 + (Int(existing[0, $1] ?? "0") ?? 0) }
        if clusters > 0 {
            guard replace else { throw SampleDataError.alreadyLoaded(clusters: clusters) }
            guard realRows == 0 else { throw SampleDataError.wouldDeleteRealData(rows: realRows) }
            logger.info("replacing existing sample data (\(clusters) clusters)")
            try connection.execute(Self.removeSampleStatement)
        }

        let references = try ReferenceData.load(from: connection)
        guard !references.counties.isEmpty else { throw SampleDataError.notMigrated }
        progress("generating the rows (scale \(scale), seed \(seed))")
        let dataSet = generate(references: references)
        for table in dataSet.tables where !table.rows.isEmpty {
            progress("copying \(table.rows.count) rows into \(table.name)")
            let copied = try connection.copyIn(table.copyStatement) { writer in
                for row in table.rows {
                    try writer.row(row)
                }
            }
            logger.debug("copied \(copied) rows into \(table.name)")
        }
        // Keys were given explicitly; move each identity sequence past them so later inserts work.
        for table in ["cluster", "enterprise", "qualification", "incident", "support_measure", "application",
                      "recognition", "review", "change_filing", "annual_report", "monitoring_check", "misconduct_finding", "revocation"] {
            _ = try connection.query(
                "SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce((SELECT max(id) FROM \(table)), 0) + 1, false)",
                [table])
        }
        _ = try connection.query("""
            INSERT INTO data_set (code, kind, title, description, source, parameters)
            VALUES ('sample', 'sample', '样例数据 Sample data',
                    'Generated sample data: clusters, enterprises, qualifications, incidents, indicators, funds'' support measures, applications, recognitions, re-reviews, change filings, annual reports, monitoring, misconduct findings and revocations. Plausible and internally consistent, built on real county industries, but NOT official records: no recognition, enterprise, figure or amount here is real. Clusters named in the 2023 publicity notice are kept at the proposed stage.',
                    'qunji seed (SampleDataGenerator)', jsonb_build_object('scale', $1::int, 'seed', $2::numeric))
            """, [String(scale), String(seed)])
        return SampleLoadSummary(scale: scale, seed: seed, rowCounts: dataSet.rowCounts)
    }
}

extension SampleDataGenerator {
    /// Deletes the sample data and its record. Every generated row hangs off a cluster, an enterprise or an
    /// application round, so truncating those (cascading) removes it all; the reference data of the migrations
    /// (divisions, vocabularies, funds, standards) stays.
    static let removeSampleStatement = """
        SET LOCAL client_min_messages = warning;
        TRUNCATE cluster, enterprise, application_round RESTART IDENTITY CASCADE;
        DELETE FROM data_set WHERE code = 'sample';
        """

    /// Removes the sample data in the caller's transaction (`qunji import --replace-sample`), refusing when the
    /// database also holds records that are not sample data: those would go with it.
    public static func removeSample(from connection: PostgresConnection) throws {
        let real = try connection.query("""
            SELECT (SELECT count(*) FROM cluster WHERE NOT is_sample) + (SELECT count(*) FROM enterprise WHERE NOT is_sample)
                   + (SELECT count(*) FROM support_measure WHERE NOT is_sample) + (SELECT count(*) FROM application_round WHERE NOT is_sample)
            """).scalar
        let rows = Int(real ?? "0") ?? 0
        guard rows == 0 else { throw SampleDataError.wouldDeleteRealData(rows: rows) }
        try connection.execute(removeSampleStatement)
    }
}

/// What a load wrote.
extension SampleDataGenerator {
    /// ANALYZE every table of the public schema the connected role owns (or is a member of the owner of).
    static let analyzeOwnTables = """
        DO $$
        DECLARE t regclass;
        BEGIN
          FOR t IN SELECT c.oid::regclass FROM pg_class c
                   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'm', 'p')
                     AND pg_has_role(c.relowner, 'USAGE')
          LOOP
            EXECUTE format('ANALYZE %s', t);
          END LOOP;
        END $$
        """
}

public struct SampleLoadSummary: Sendable, CustomStringConvertible {
    public let scale: Int
    public let seed: UInt64
    /// Rows per table.
    public let rowCounts: [String: Int]

    public var description: String {
        let tables = rowCounts.keys.sorted().map { "  \($0): \(rowCounts[$0] ?? 0)" }.joined(separator: "\n")
        return "sample data (scale \(scale), seed \(seed)):\n\(tables)"
    }
}

/// Why the sample data was not loaded.
public enum SampleDataError: Error, Sendable, CustomStringConvertible {
    case alreadyLoaded(clusters: Int)
    case wouldDeleteRealData(rows: Int)
    case notMigrated

    public var description: String {
        switch self {
        case .alreadyLoaded(let clusters):
            return "the database already holds \(clusters) clusters; pass --replace to replace the sample data"
        case .wouldDeleteRealData(let rows):
            return "the database holds \(rows) rows that are not sample data; refusing to replace them"
        case .notMigrated:
            return "the database has no geography: run `qunji migrate` first"
        }
    }
}
