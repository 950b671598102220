import Catalog
import Foundation
import Logging
import Planner
import Postgres

/// Keeps ``TableRows`` current for the cost model: counts every table of the catalog in one statement on
/// first use, then again when the counts are over a minute old — in the background, so no request waits
/// for a recount after the first.
///
/// Exact `count(*)`, not `pg_class.reltuples`: the planner's estimate is -1 until a table is first
/// analysed, and rows loaded since the last autovacuum would be missing. At scale 100 (300,000
/// enterprises) the count takes about 40 ms, once a minute.
///
/// The first count is single-flight: requests arriving together before any count wait for the same one, so a burst at
/// start-up sends one count, not one per request.
///
/// - Important: `@unchecked Sendable` because `rows`, `countedAt`, `counting`, `firstCount` and `started` are touched
///   only with `lock` held.
final class TableRowsCounter: @unchecked Sendable {
    /// How old counts may get before a request starts a recount.
    let maximumAge: Duration

    private let lock = NSLock()
    private var rows = TableRows()
    private var countedAt: ContinuousClock.Instant?
    private var counting = false
    /// The first count, while it runs: every request that finds no counts waits for it.
    private var firstCount: Task<Void, Never>?
    private var started = 0
    /// Counts started since the server started (for tests and metrics).
    var countsStarted: Int { lock.withLock { started } }
    private let statement: String
    private let tables: [String]

    init(catalog: Catalog, maximumAge: Duration) {
        self.maximumAge = maximumAge
        let tables = Set(catalog.entities.values.filter { !$0.isComputed }.map(\.table)).sorted()
        self.tables = tables
        self.statement = SQLRenderer.render(SQLSelect(columns: [(.cast(.jsonObject(tables.map { table in
            (key: table, value: SQLNode.subquery(SQLSelect(columns: [(.countAll, nil)], from: [.table(name: table, alias: "t")])))
        }), "text"), nil)], from: []))
    }

    /// The counts to estimate with now. The first call waits for a count; later ones start a recount in the
    /// background when the counts are stale and return the current ones.
    func current(_ pool: ConnectionPool, logger: Logger) async -> TableRows {
        enum Next { case use(TableRows), wait(Task<Void, Never>), recount(TableRows) }
        let next: Next = lock.withLock {
            guard let countedAt else {
                if let firstCount { return .wait(firstCount) }
                let first = Task { await self.count(pool, logger: logger) }
                firstCount = first
                return .wait(first)
            }
            if !counting, ContinuousClock.now - countedAt > maximumAge {
                counting = true
                return .recount(rows)
            }
            return .use(rows)
        }
        switch next {
        case .use(let rows):
            return rows
        case .recount(let rows):
            Task { await self.count(pool, logger: logger) }
            return rows
        case .wait(let first):
            await first.value
            return lock.withLock { rows }
        }
    }

    /// The counts as they stand, without touching the database (``TableRows/assumed`` before the first count).
    var snapshot: TableRows { lock.withLock { rows } }

    /// Counts now. On failure (the database down) the previous counts stay, and are tried again in a minute.
    func count(_ pool: ConnectionPool, logger: Logger) async {
        lock.withLock { started += 1 }
        defer { lock.withLock { counting = false; countedAt = .now; firstCount = nil } }
        do {
            guard let text = try await pool.queryPrepared(statement).scalar,
                  let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Int]
            else { return }
            lock.withLock { rows = rows.updated(with: object) }
        } catch {
            logger.warning("could not count the tables' rows for the cost model (estimates keep the last counts): \(error)")
        }
    }
}
