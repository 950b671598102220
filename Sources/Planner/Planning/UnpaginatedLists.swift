import Catalog

/// How many rows the cost model counts for lists that take no page size (issue 16 §3): the most each can have,
/// from the province's geography and the programme's plan, so they count like pages of that size.
enum UnpaginatedLists {
    /// Guizhou's prefecture-level divisions.
    static let prefectures = 9
    /// Its county-level divisions (GB/T 2260, `sql/data/divisions.csv`): the finest distribution dimension.
    static let counties = 88
    /// Years of a five-year plan.
    static let planYears = 5
    /// Years support is summed over, directions and funds: short reference lists, counted generously.
    static let shortList = 20

    /// Rows of a support-totals list by its dimension: one per cluster is counted like the largest page.
    static func rows(_ dimension: SupportTotals.Dimension) -> Int {
        switch dimension {
        case .prefecture: return prefectures
        case .cluster: return 500
        case .year, .direction, .fund: return shortList
        }
    }
}
