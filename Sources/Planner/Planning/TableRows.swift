/// How many rows each table held when last counted. The cost model charges work that reads every candidate
/// row of a table — a filter, an aggregate, a group, a distribution — by these counts, so the same document
/// costs more as the data grows, and a limit that admits it on the sample data refuses it on a province's
/// worth of rows where it would hold the database for seconds.
///
/// Counted by ``QueryService/refreshTableRows()`` at start-up and then every minute. A count that changed by
/// more than a tenth starts a new ``generation``, which is part of the compiled-operation cache's key, so no
/// cached estimate outlives the sizes it was made with.
public struct TableRows: Sendable, Equatable {
    /// Rows per table name (the catalog's `Entity.table`).
    public private(set) var counts: [String: Int]
    /// Bumped whenever the counts move enough to change estimates.
    public private(set) var generation: Int

    /// What a table not (yet) counted is taken to hold: the order of the sample data's larger tables, so an
    /// estimate made before the first count is neither free nor absurd.
    public static let assumed = 5_000

    public init(counts: [String: Int] = [:], generation: Int = 0) {
        self.counts = counts
        self.generation = generation
    }

    /// Rows of `table`, at least 1.
    public func rows(_ table: String) -> Int {
        max(1, counts[table] ?? Self.assumed)
    }

    /// Rows of `table` related to one row of `owner` on average (a cluster's enterprises: enterprises per
    /// cluster), rounded up: what a nested list reads per owner row.
    public func rows(_ table: String, perRowOf owner: String) -> Int {
        let (quotient, remainder) = rows(table).quotientAndRemainder(dividingBy: rows(owner))
        return max(1, quotient + (remainder > 0 ? 1 : 0))
    }

    /// These counts with `fresh` taken in: a new generation when some table's count moved by more than a
    /// tenth (of at least 100 rows, so a nearly empty table filling up does not recompile every minute) or
    /// appeared; otherwise `self`, so small day-to-day changes keep compiled plans.
    public func updated(with fresh: [String: Int]) -> TableRows {
        let moved = fresh.contains { table, count in
            guard let old = counts[table] else { return true }
            return abs(count - old) * 10 > max(old, 100)
        }
        return moved ? TableRows(counts: fresh, generation: generation + 1) : self
    }
}
