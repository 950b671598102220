/// Everything the generator made, as COPY tables in an order that satisfies every foreign key.
public struct SampleDataSet {
    /// Tables in load order. `recognition` appears twice: initial recognitions come before the
    /// re-reviews that point at them, renewed recognitions after the re-reviews they follow.
    let tables: [CopyTable]

    /// Row counts per table name (a table listed twice is summed).
    public var rowCounts: [String: Int] {
        tables.reduce(into: [:]) { $0[$1.name, default: 0] += $1.rows.count }
    }
}
